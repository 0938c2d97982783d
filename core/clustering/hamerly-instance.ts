import { hamerlyWasm } from './hamerly-wasm.js';

/** The exports of hamerly-kernel.wat; offsets are in bytes. */
export interface HamerlyExports {
  readonly memory: WebAssembly.Memory;
  configure(...offsets: number[]): void;
  configureSeeding(closest: number, nearer: number, potentials: number): void;
  initRows(rows: number, stats: number): number;
  markRows(rows: number, maxShiftCluster: number, maxShift: number, secondShift: number, margin: number): number;
  checkRows(marked: number): void;
  inertiaRows(rows: number): number;
  nearerRows(rows: number, candidates: number, stride: number): number;
  changedRows(): number;
}

/** Hands out consecutive regions of doubles; `doubles` is the total so far. */
export interface Layout {
  region(doubles: number): number;
  readonly doubles: number;
}

let compiled: WebAssembly.Module | null = null;

export function createLayout(): Layout {
  let next = 0;
  return {
    region(doubles) {
      const at = next;
      next += doubles;
      return at;
    },
    get doubles() {
      return next;
    },
  };
}

/** A fresh instance of the kernel (compiled once per thread) whose private memory holds at least `bytes`. */
export function instantiateHamerly(bytes: number): HamerlyExports {
  compiled ??= new WebAssembly.Module(hamerlyWasm);
  const wasm = new WebAssembly.Instance(compiled).exports as unknown as HamerlyExports;
  const pages = Math.ceil(bytes / 65536) - wasm.memory.buffer.byteLength / 65536;
  if (pages > 0) wasm.memory.grow(pages);
  return wasm;
}
