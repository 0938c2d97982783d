import { CHUNK_ROWS, chunkCount, chunkEnd } from './chunks.js';
import { createLayout, instantiateHamerly } from './hamerly-instance.js';

/** The distance work of k-means++ seeding, in WebAssembly (nearerRows in hamerly-kernel.wat). */
export interface SeedingKernel {
  /**
   * For each candidate row t: nearer[t][i] = min(closest[i], squared distance
   * from row i to row candidates[t]). Returns each candidate's potential (the
   * sum of its nearer values, added in row order).
   */
  nearer(candidates: readonly number[], closest: Float64Array, nearer: readonly Float64Array[]): Float64Array;
}

/** An instance for up to `maxCandidates` candidates per call; one chunk of rows is copied in at a time. */
export function createSeedingKernel(data: Float64Array, rows: number, cols: number, maxCandidates: number): SeedingKernel {
  const layout = createLayout();
  const candidatesAt = layout.region(maxCandidates * cols);
  const rowsAt = layout.region(CHUNK_ROWS * cols);
  const closestAt = layout.region(CHUNK_ROWS);
  const nearerAt = layout.region(maxCandidates * CHUNK_ROWS);
  const potentialsAt = layout.region(maxCandidates);
  const scratchAt = layout.region(maxCandidates);
  const wasm = instantiateHamerly(layout.doubles * 8);
  const heap = new Float64Array(wasm.memory.buffer);
  // Of the Lloyd regions only the centres (here: the candidates), the rows and the distance scratch are used.
  wasm.configure(cols, maxCandidates, candidatesAt * 8, 0, 0, 0, 0, rowsAt * 8, 0, 0, 0, 0, 0, 0, 0, 0, scratchAt * 8, 0, 0);
  wasm.configureSeeding(closestAt * 8, nearerAt * 8, potentialsAt * 8);
  const chunks = chunkCount(rows);
  return {
    nearer(candidates, closest, nearer) {
      candidates.forEach((row, t) => heap.set(data.subarray(row * cols, (row + 1) * cols), candidatesAt + t * cols));
      heap.fill(0, potentialsAt, potentialsAt + candidates.length);
      for (let chunk = 0; chunk < chunks; chunk++) {
        const start = chunk * CHUNK_ROWS;
        const end = chunkEnd(chunk, rows);
        heap.set(data.subarray(start * cols, end * cols), rowsAt);
        heap.set(closest.subarray(start, end), closestAt);
        wasm.nearerRows(end - start, candidates.length, CHUNK_ROWS);
        candidates.forEach((_, t) => nearer[t].set(heap.subarray(nearerAt + t * CHUNK_ROWS, nearerAt + t * CHUNK_ROWS + end - start), start));
      }
      return heap.slice(potentialsAt, potentialsAt + candidates.length);
    },
  };
}
