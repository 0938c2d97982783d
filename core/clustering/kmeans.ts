import { availableParallelism } from 'node:os';
import type { Matrix } from '../matrix.js';
import { createRandom } from '../random.js';
import { CHUNK_ROWS, chunkCount } from './chunks.js';
import { ClusteringInputError } from './errors.js';
import { meanFeatureVariance } from './feature-variance.js';
import { moveRowSums, PASS_FINAL, PASS_INIT, PASS_INIT_STATS, PASS_UPDATE } from './hamerly-kernel.js';
import type { KernelShape, KernelState } from './hamerly-kernel.js';
import { createKernelState } from './kernel-state.js';
import { kmeansPlusPlus } from './kmeans-plus-plus.js';
import { createInlinePassRunner, createWorkerPassRunner } from './pass-runner.js';
import type { PassRunner } from './pass-runner.js';
import { squaredDistance } from './squared-distance.js';

export interface KMeansIterationInfo {
  readonly restart: number;
  readonly iteration: number;
  /**
   * Inertia of this iteration's assignment against the centres it was made
   * with. Derived from per-cluster sums (no extra pass over the rows), so it
   * can differ from an exact recomputation by rounding; the result's inertia
   * is exact.
   */
  readonly inertia: number;
  /** Sum over centres of the squared distance each centre moved in this iteration. */
  readonly shift: number;
}

export interface KMeansOptions {
  readonly k: number;
  readonly seed: number;
  /** Restarts from different seedings; the lowest inertia wins. Default 1. Ignored with initialCentroids. */
  readonly nInit?: number;
  /** Default 300. */
  readonly maxIterations?: number;
  /** Relative tolerance, see kmeans. Default 1e-4. */
  readonly tolerance?: number;
  /** k x cols starting centres; skips k-means++ seeding. */
  readonly initialCentroids?: Float64Array;
  /** Worker threads; default min(2, available cores). Results do not depend on it. */
  readonly threads?: number;
  /** Awaited after every iteration (heartbeats, progress, cancellation by throwing). */
  readonly onIteration?: (info: KMeansIterationInfo) => void | Promise<void>;
}

export interface KMeansResult {
  readonly labels: Int32Array;
  /** k x cols, row-major. */
  readonly centroids: Float64Array;
  /** Sum of squared distances from each row to its assigned centroid. */
  readonly inertia: number;
  readonly iterations: number;
  readonly converged: boolean;
  readonly sizes: Int32Array;
}

/** Below this many rows worker start-up costs more than it saves. */
const MIN_ROWS_FOR_WORKERS = 4 * CHUNK_ROWS;

/**
 * Lloyd's k-means with Hamerly's bounds, greedy k-means++ seeding and
 * deterministic empty-cluster repair.
 *
 * Convergence (scikit-learn's rule): after an iteration (assign, then move
 * the centres), stop when no label changed, or when the sum over centres of
 * the squared distance they moved is <= tolerance x the mean per-feature
 * variance of the data. Unless labels stopped changing, the rows are then
 * assigned once more to the final centres, so labels are always the nearest
 * centroid (exactly what assignToNearest returns) and inertia is measured
 * against the returned centroids.
 *
 * Deterministic for a given seed whatever `threads` is: chunk boundaries are
 * fixed and partial sums are combined in chunk order.
 */
export async function kmeans(matrix: Matrix, options: KMeansOptions): Promise<KMeansResult> {
  const { rows, cols } = matrix;
  const { k, seed, initialCentroids, onIteration } = options;
  const nInit = initialCentroids === undefined ? options.nInit ?? 1 : 1;
  const maxIterations = options.maxIterations ?? 300;
  const tolerance = options.tolerance ?? 1e-4;
  if (rows < 1 || cols < 1) throw new ClusteringInputError(`cannot cluster a ${rows} x ${cols} matrix`);
  if (!Number.isInteger(k) || k < 1 || k > rows) throw new ClusteringInputError(`k must be an integer in [1, ${rows}], got ${k}`);
  if (!Number.isInteger(nInit) || nInit < 1) throw new ClusteringInputError(`nInit must be a positive integer, got ${nInit}`);
  if (!Number.isInteger(maxIterations) || maxIterations < 1) throw new ClusteringInputError(`maxIterations must be a positive integer, got ${maxIterations}`);
  if (!(tolerance >= 0)) throw new ClusteringInputError(`tolerance must be >= 0, got ${tolerance}`);
  if (initialCentroids !== undefined && initialCentroids.length !== k * cols) {
    throw new ClusteringInputError(`initialCentroids have ${initialCentroids.length} values, expected ${k} x ${cols}`);
  }
  const requestedThreads = options.threads ?? Math.min(2, availableParallelism());
  if (!Number.isInteger(requestedThreads) || requestedThreads < 1) throw new ClusteringInputError(`threads must be a positive integer, got ${requestedThreads}`);
  const threads = rows < MIN_ROWS_FOR_WORKERS ? 1 : Math.min(requestedThreads, chunkCount(rows));

  const shape: KernelShape = { rows, cols, k };
  const shared = threads > 1;
  const data = shared ? toShared(matrix.data) : matrix.data;
  // One state for every restart: each INIT pass rewrites all of it.
  const state = createKernelState(shape, shared);
  const runner = shared ? createWorkerPassRunner(data, shape, state, threads) : createInlinePassRunner(data, shape, state);
  try {
    const seeds = createRandom(seed);
    let shiftTolerance = 0;
    let best: KMeansResult | null = null;
    for (let restart = 0; restart < nInit; restart++) {
      const restartSeed = seeds.int(0x100000000);
      const start = initialCentroids ?? (await kmeansPlusPlus({ data, rows, cols }, k, createRandom(restartSeed)));
      state.centroids.set(start);
      refreshGaps(state, shape);
      // The finiteness check and the variance behind the tolerance ride on the first assignment pass: one read of the rows for both.
      await runner.run(restart === 0 ? PASS_INIT_STATS : PASS_INIT);
      if (restart === 0) shiftTolerance = tolerance * meanFeatureVariance(data, shape, state);
      const result = await lloyd({ data, shape, runner, state, restart, maxIterations, shiftTolerance, onIteration });
      if (best === null || result.inertia < best.inertia) best = result;
    }
    return best as KMeansResult;
  } finally {
    await runner.close();
  }
}

interface LloydRun {
  readonly data: Float64Array;
  readonly shape: KernelShape;
  readonly runner: PassRunner;
  readonly state: KernelState;
  readonly restart: number;
  readonly maxIterations: number;
  readonly shiftTolerance: number;
  readonly onIteration: KMeansOptions['onIteration'];
}

/** Lloyd iterations from the INIT pass the caller just ran on the starting centres. */
async function lloyd(run: LloydRun): Promise<KMeansResult> {
  const { data, shape, runner, state, restart, maxIterations, shiftTolerance, onIteration } = run;
  const { cols, k } = shape;
  const totals = createTotals(shape);
  let iteration = 1;
  let converged = false;
  for (;;) {
    combineChunks(state, shape, totals);
    let inertia = iteration === 1 ? totals.inertia : inertiaFromSums(state.centroids, shape, totals);
    const relocated = relocateEmptyClusters(data, shape, state, totals);
    if (relocated > 0) {
      combineChunks(state, shape, totals);
      inertia = inertiaFromSums(state.centroids, shape, totals);
    }
    const shift = moveCentroids(state, shape, totals);
    if (onIteration !== undefined) await onIteration({ restart, iteration, inertia, shift });
    if (totals.changed + relocated === 0 || shift <= shiftTolerance) {
      converged = true;
      break;
    }
    if (iteration >= maxIterations) break;
    await runner.run(PASS_UPDATE);
    iteration++;
  }
  await runner.run(PASS_FINAL);
  combineChunks(state, shape, totals);
  const sizes = new Int32Array(k);
  for (let c = 0; c < k; c++) sizes[c] = totals.counts[c];
  return {
    labels: new Int32Array(state.labels),
    centroids: new Float64Array(state.centroids.subarray(0, k * cols)),
    inertia: totals.inertia,
    iterations: iteration,
    converged,
    sizes,
  };
}

interface Totals {
  readonly counts: Float64Array;
  readonly sums: Float64Array;
  readonly squares: Float64Array;
  changed: number;
  inertia: number;
}

function createTotals({ cols, k }: KernelShape): Totals {
  return { counts: new Float64Array(k), sums: new Float64Array(k * cols), squares: new Float64Array(k), changed: 0, inertia: 0 };
}

/** Adds the per-chunk partial results in chunk order: the step that makes runs independent of the thread count. */
function combineChunks(state: KernelState, shape: KernelShape, totals: Totals): void {
  const { rows, cols, k } = shape;
  const chunks = chunkCount(rows);
  totals.counts.fill(0);
  totals.sums.fill(0);
  totals.squares.fill(0);
  totals.changed = 0;
  totals.inertia = 0;
  for (let chunk = 0; chunk < chunks; chunk++) {
    for (let c = 0; c < k; c++) {
      totals.counts[c] += state.chunkCounts[chunk * k + c];
      totals.squares[c] += state.chunkSquares[chunk * k + c];
    }
    const base = chunk * k * cols;
    for (let v = 0; v < k * cols; v++) totals.sums[v] += state.chunkSums[base + v];
    totals.changed += state.chunkChanged[chunk];
    totals.inertia += state.chunkInertia[chunk];
  }
}

/** Sum over clusters of |x|^2 - 2 c.x + |c|^2, from the sums alone: no pass over the rows. */
function inertiaFromSums(centroids: Float64Array, { cols, k }: KernelShape, totals: Totals): number {
  let inertia = 0;
  for (let c = 0; c < k; c++) {
    let dot = 0;
    let norm = 0;
    for (let j = 0; j < cols; j++) {
      const value = centroids[c * cols + j];
      dot += value * totals.sums[c * cols + j];
      norm += value * value;
    }
    inertia += totals.squares[c] - 2 * dot + totals.counts[c] * norm;
  }
  return Math.max(0, inertia);
}

/**
 * Gives each empty cluster the row farthest from its own centre (largest
 * first, ties to the lowest row index), never emptying another cluster or
 * taking a row that sits exactly on its centre. Returns how many rows moved.
 */
function relocateEmptyClusters(data: Float64Array, shape: KernelShape, state: KernelState, totals: Totals): number {
  const { rows, cols, k } = shape;
  const counts = Float64Array.from(totals.counts);
  let moved = 0;
  let distances: Float64Array | null = null;
  for (let empty = 0; empty < k; empty++) {
    if (counts[empty] > 0) continue;
    if (distances === null) {
      distances = new Float64Array(rows);
      for (let i = 0; i < rows; i++) distances[i] = squaredDistance(data, i * cols, state.centroids, state.labels[i] * cols, cols);
    }
    let farthest = -1;
    let farthestDistance = 0;
    for (let i = 0; i < rows; i++) {
      if (distances[i] > farthestDistance && counts[state.labels[i]] > 1) {
        farthestDistance = distances[i];
        farthest = i;
      }
    }
    if (farthest < 0) continue;
    const from = state.labels[farthest];
    moveRowSums(data, shape, state, Math.floor(farthest / CHUNK_ROWS), farthest, from, empty);
    state.labels[farthest] = empty;
    // Its old bounds say nothing about the new centre: force a full scan next pass.
    state.upper[farthest] = Infinity;
    state.lower[farthest] = 0;
    distances[farthest] = 0;
    counts[from]--;
    counts[empty]++;
    moved++;
  }
  return moved;
}

/** Moves each centre to the mean of its rows (an empty one stays put) and refreshes shifts and gaps; returns the total squared shift. */
function moveCentroids(state: KernelState, shape: KernelShape, totals: Totals): number {
  const { cols, k } = shape;
  const { centroids } = state;
  let total = 0;
  for (let c = 0; c < k; c++) {
    const count = totals.counts[c];
    let moved = 0;
    if (count > 0) {
      for (let j = 0; j < cols; j++) {
        const next = totals.sums[c * cols + j] / count;
        const delta = next - centroids[c * cols + j];
        moved += delta * delta;
        centroids[c * cols + j] = next;
      }
    }
    state.shift[c] = Math.sqrt(moved);
    total += moved;
  }
  refreshGaps(state, shape);
  return total;
}

function refreshGaps(state: KernelState, { cols, k }: KernelShape): void {
  const { centroids, halfGap } = state;
  for (let c = 0; c < k; c++) {
    let nearest = Infinity;
    for (let other = 0; other < k; other++) {
      if (other !== c) nearest = Math.min(nearest, squaredDistance(centroids, c * cols, centroids, other * cols, cols));
    }
    halfGap[c] = Math.sqrt(nearest) / 2;
  }
}

function toShared(data: Float64Array): Float64Array {
  if (data.buffer instanceof SharedArrayBuffer) return data;
  const shared = new Float64Array(new SharedArrayBuffer(data.length * 8));
  shared.set(data);
  return shared;
}
