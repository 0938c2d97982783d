import { CHUNK_ROWS, chunkEnd } from './chunks.js';
import { createLayout, instantiateHamerly } from './hamerly-instance.js';
import { squaredDistance } from './squared-distance.js';

/** First pass of a restart: every row scans every centroid; chunk partial sums are rebuilt from scratch. */
export const PASS_INIT = 0;
/** Lloyd assignment step with Hamerly bounds; partial sums are updated for rows that move. */
export const PASS_UPDATE = 1;
/** Like PASS_UPDATE, and also sums each row's exact squared distance to its centre (the inertia). */
export const PASS_FINAL = 2;
/**
 * PASS_INIT plus per-chunk column statistics for the tolerance and the
 * finiteness check (feature-variance.ts): the first pass of a fit, so the
 * rows are read once for both.
 */
export const PASS_INIT_STATS = 3;
export type PassMode = typeof PASS_INIT | typeof PASS_UPDATE | typeof PASS_FINAL | typeof PASS_INIT_STATS;

/**
 * Bounds are only trusted with a relative margin: they accumulate rounding
 * over many iterations, and a row must never keep a label the full scan would
 * change. With the margin, the bounded pass gives exactly the labels of
 * assignToNearest for the same centroids.
 */
const BOUND_MARGIN = 1 - 1e-7;

export interface KernelShape {
  readonly rows: number;
  readonly cols: number;
  readonly k: number;
}

/**
 * State shared by the coordinator and the workers (SharedArrayBuffer-backed
 * when threads are used). Per-chunk arrays are indexed [chunk * k + cluster]
 * (sums: [(chunk * k + cluster) * cols + feature]).
 */
export interface KernelState {
  readonly labels: Int32Array;
  /** Upper bound on the distance (not squared) from each row to its centre. */
  readonly upper: Float64Array;
  /** Lower bound on the distance from each row to any other centre. */
  readonly lower: Float64Array;
  readonly centroids: Float64Array;
  /** How far (not squared) each centre moved in the last update. */
  readonly shift: Float64Array;
  /** Half the distance from each centre to its nearest other centre. */
  readonly halfGap: Float64Array;
  readonly chunkSums: Float64Array;
  /** Sum of squared row norms per cluster: with chunkSums, gives the inertia of an update pass without touching the rows. */
  readonly chunkSquares: Float64Array;
  readonly chunkCounts: Float64Array;
  readonly chunkChanged: Float64Array;
  readonly chunkInertia: Float64Array;
  /** PASS_INIT_STATS, [chunk * cols + feature]: sum and sum of squares of each value minus row 0's. */
  readonly chunkColumnSums: Float64Array;
  readonly chunkColumnSquares: Float64Array;
}

/** One thread's kernel over one fit's rows: passes run chunk by chunk in WebAssembly (hamerly-kernel.wat). */
export interface ChunkKernel {
  /** Loads the centres, their shifts and gaps for the pass about to run. */
  beginPass(state: KernelState): void;
  processChunk(state: KernelState, chunk: number, mode: PassMode): void;
}

/**
 * A fresh instance (its own memory) laid out for this shape. Only one chunk
 * of rows is copied in at a time, so the memory stays small (CHUNK_ROWS x
 * cols values plus the centres) and the input needs no special allocation.
 */
export function createChunkKernel(data: Float64Array, shape: KernelShape): ChunkKernel {
  const { rows, cols, k } = shape;
  // Offsets in doubles; labels (Int32) come last so every double stays 8-byte aligned.
  const layout = createLayout();
  const centroidsAt = layout.region(k * cols);
  const shiftAt = layout.region(k);
  const halfGapAt = layout.region(k);
  const zerosAt = layout.region(cols);
  const originAt = layout.region(cols);
  const rowsAt = layout.region(CHUNK_ROWS * cols);
  const upperAt = layout.region(CHUNK_ROWS);
  const lowerAt = layout.region(CHUNK_ROWS);
  const sumsAt = layout.region(k * cols);
  const squaresAt = layout.region(k);
  const countsAt = layout.region(k);
  const columnSumsAt = layout.region(cols);
  const columnSquaresAt = layout.region(cols);
  const boundsAt = layout.region(CHUNK_ROWS);
  const scratchAt = layout.region(k);
  const labelsAt = layout.doubles * 8;
  const markedAt = labelsAt + CHUNK_ROWS * 4;
  const wasm = instantiateHamerly(markedAt + CHUNK_ROWS * 4);
  const heap = new Float64Array(wasm.memory.buffer);
  const labels = new Int32Array(wasm.memory.buffer, labelsAt, CHUNK_ROWS);
  const marked = new Int32Array(wasm.memory.buffer, markedAt, CHUNK_ROWS);
  const doubles = [centroidsAt, shiftAt, halfGapAt, zerosAt, originAt, rowsAt, upperAt, lowerAt, sumsAt, squaresAt, countsAt, columnSumsAt, columnSquaresAt, boundsAt, scratchAt];
  wasm.configure(cols, k, ...doubles.map((at) => at * 8), labelsAt, markedAt);
  heap.set(data.subarray(0, cols), originAt);

  // Every other centre moved by at most maxShift (secondShift for the rows of the centre that moved most).
  let maxShift = 0;
  let maxShiftCluster = -1;
  let secondShift = 0;
  return {
    beginPass(state) {
      heap.set(state.centroids, centroidsAt);
      heap.set(state.shift, shiftAt);
      heap.set(state.halfGap, halfGapAt);
      maxShift = 0;
      maxShiftCluster = -1;
      secondShift = 0;
      for (let c = 0; c < k; c++) {
        const s = state.shift[c];
        if (s > maxShift) {
          secondShift = maxShift;
          maxShift = s;
          maxShiftCluster = c;
        } else if (s > secondShift) {
          secondShift = s;
        }
      }
    },
    processChunk(state, chunk, mode) {
      const start = chunk * CHUNK_ROWS;
      const end = chunkEnd(chunk, rows);
      const count = end - start;
      const sumBase = chunk * k * cols;
      const clusterBase = chunk * k;
      const copyRows = (): void => heap.set(data.subarray(start * cols, end * cols), rowsAt);
      let inertia = 0;
      if (mode === PASS_INIT || mode === PASS_INIT_STATS) {
        const stats = mode === PASS_INIT_STATS;
        copyRows();
        heap.fill(0, sumsAt, countsAt + k);
        if (stats) heap.fill(0, columnSumsAt, columnSquaresAt + cols);
        inertia = wasm.initRows(count, stats ? 1 : 0);
        if (stats) {
          state.chunkColumnSums.set(heap.subarray(columnSumsAt, columnSumsAt + cols), chunk * cols);
          state.chunkColumnSquares.set(heap.subarray(columnSquaresAt, columnSquaresAt + cols), chunk * cols);
        }
      } else {
        labels.set(state.labels.subarray(start, end));
        heap.set(state.upper.subarray(start, end), upperAt);
        heap.set(state.lower.subarray(start, end), lowerAt);
        heap.set(state.chunkSums.subarray(sumBase, sumBase + k * cols), sumsAt);
        heap.set(state.chunkSquares.subarray(clusterBase, clusterBase + k), squaresAt);
        heap.set(state.chunkCounts.subarray(clusterBase, clusterBase + k), countsAt);
        const listed = wasm.markRows(count, maxShiftCluster, maxShift, secondShift, BOUND_MARGIN);
        // Row by row is slower per row than one bulk copy (scattered reads): worth it once the bounds hold for 7 rows in 8.
        if (mode === PASS_FINAL || 8 * listed > count) {
          copyRows();
        } else {
          for (let m = 0; m < listed; m++) {
            const from = (start + marked[m]) * cols;
            const to = rowsAt + marked[m] * cols;
            for (let j = 0; j < cols; j++) heap[to + j] = data[from + j];
          }
        }
        wasm.checkRows(listed);
        if (mode === PASS_FINAL) inertia = wasm.inertiaRows(count);
      }
      state.labels.set(labels.subarray(0, count), start);
      state.upper.set(heap.subarray(upperAt, upperAt + count), start);
      state.lower.set(heap.subarray(lowerAt, lowerAt + count), start);
      state.chunkSums.set(heap.subarray(sumsAt, sumsAt + k * cols), sumBase);
      state.chunkSquares.set(heap.subarray(squaresAt, squaresAt + k), clusterBase);
      state.chunkCounts.set(heap.subarray(countsAt, countsAt + k), clusterBase);
      state.chunkChanged[chunk] = wasm.changedRows();
      state.chunkInertia[chunk] = inertia;
    },
  };
}

/**
 * Moves row's contribution from cluster `from` to cluster `to` in its chunk's
 * partial sums (labels are the caller's job). The row's squared norm is its
 * squared distance to zero, computed as the kernel computes it.
 */
export function moveRowSums(data: Float64Array, shape: KernelShape, state: KernelState, chunk: number, row: number, from: number, to: number): void {
  const { cols, k } = shape;
  const offset = row * cols;
  const fromBase = (chunk * k + from) * cols;
  const toBase = (chunk * k + to) * cols;
  for (let j = 0; j < cols; j++) {
    const value = data[offset + j];
    state.chunkSums[fromBase + j] -= value;
    state.chunkSums[toBase + j] += value;
  }
  const square = squaredDistance(data, offset, new Float64Array(cols), 0, cols);
  state.chunkSquares[chunk * k + from] -= square;
  state.chunkSquares[chunk * k + to] += square;
  state.chunkCounts[chunk * k + from]--;
  state.chunkCounts[chunk * k + to]++;
}
