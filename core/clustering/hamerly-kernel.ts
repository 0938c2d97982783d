import { CHUNK_ROWS, chunkEnd } from './chunks.js';
import { columnStatsOfChunk } from './feature-variance.js';
import { squaredDistance } from './squared-distance.js';

/** First pass: every row scans every centroid; chunk partial sums are rebuilt from scratch. */
export const PASS_INIT = 0;
/** Lloyd assignment step with Hamerly bounds; partial sums are updated for rows that move. */
export const PASS_UPDATE = 1;
/** Like PASS_UPDATE, and also sums each row's exact squared distance to its centre (the inertia). */
export const PASS_FINAL = 2;
/** Once per fit, before seeding: per-chunk column statistics for the tolerance, and the finiteness check (feature-variance.ts). */
export const PASS_STATS = 3;
export type PassMode = typeof PASS_INIT | typeof PASS_UPDATE | typeof PASS_FINAL | typeof PASS_STATS;

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
  /** k x k distances (not squared) between centres: lets a full scan skip centres that cannot be nearer. */
  readonly centreGaps: Float64Array;
  /** Half the distance from each centre to its nearest other centre. */
  readonly halfGap: Float64Array;
  readonly chunkSums: Float64Array;
  /** Sum of squared row norms per cluster: with chunkSums, gives the inertia of an update pass without touching the rows. */
  readonly chunkSquares: Float64Array;
  readonly chunkCounts: Float64Array;
  readonly chunkChanged: Float64Array;
  readonly chunkInertia: Float64Array;
  /** PASS_STATS, [chunk * cols + feature]: sum and sum of squares of each value minus row 0's. */
  readonly chunkColumnSums: Float64Array;
  readonly chunkColumnSquares: Float64Array;
}

export function processChunk(data: Float64Array, shape: KernelShape, state: KernelState, chunk: number, mode: PassMode): void {
  if (mode === PASS_STATS) {
    columnStatsOfChunk(data, shape, state, chunk);
    return;
  }
  const { rows, cols, k } = shape;
  const { labels, upper, lower, centroids, shift, centreGaps, halfGap, chunkSums, chunkSquares, chunkCounts } = state;
  const sumBase = chunk * k * cols;
  const clusterBase = chunk * k;
  const start = chunk * CHUNK_ROWS;
  const end = chunkEnd(chunk, rows);
  let changed = 0;
  let inertia = 0;

  if (mode === PASS_INIT) {
    chunkSums.fill(0, sumBase, sumBase + k * cols);
    chunkSquares.fill(0, clusterBase, clusterBase + k);
    chunkCounts.fill(0, clusterBase, clusterBase + k);
    for (let i = start; i < end; i++) {
      const offset = i * cols;
      scanCentroids(data, offset, centroids, centreGaps, cols, k, 0, squaredDistance(data, offset, centroids, 0, cols));
      const best = scanBest;
      const bestDistance = scanBestDistance;
      labels[i] = best;
      upper[i] = Math.sqrt(bestDistance);
      lower[i] = scanLower;
      const target = sumBase + best * cols;
      let square = 0;
      for (let j = 0; j < cols; j++) {
        const value = data[offset + j];
        chunkSums[target + j] += value;
        square += value * value;
      }
      chunkSquares[clusterBase + best] += square;
      chunkCounts[clusterBase + best]++;
      inertia += bestDistance;
      changed++;
    }
    state.chunkChanged[chunk] = changed;
    state.chunkInertia[chunk] = inertia;
    return;
  }

  // Every other centre moved by at most maxShift (secondShift for the row of the centre that moved most).
  let maxShift = 0;
  let maxShiftCluster = -1;
  let secondShift = 0;
  for (let c = 0; c < k; c++) {
    const s = shift[c];
    if (s > maxShift) {
      secondShift = maxShift;
      maxShift = s;
      maxShiftCluster = c;
    } else if (s > secondShift) {
      secondShift = s;
    }
  }

  for (let i = start; i < end; i++) {
    const offset = i * cols;
    const assigned = labels[i];
    let up = upper[i] + shift[assigned];
    let low = lower[i] - (assigned === maxShiftCluster ? secondShift : maxShift);
    const bound = Math.max(halfGap[assigned], low) * BOUND_MARGIN;
    let assignedDistance = -1;
    if (up >= bound) {
      assignedDistance = squaredDistance(data, offset, centroids, assigned * cols, cols);
      up = Math.sqrt(assignedDistance);
      if (up >= bound) {
        scanCentroids(data, offset, centroids, centreGaps, cols, k, assigned, assignedDistance);
        const best = scanBest;
        up = Math.sqrt(scanBestDistance);
        low = scanLower;
        assignedDistance = scanBestDistance;
        if (best !== assigned) {
          moveRowSums(data, shape, state, chunk, i, assigned, best);
          labels[i] = best;
          changed++;
        }
      }
    }
    upper[i] = up;
    lower[i] = low;
    if (mode === PASS_FINAL) {
      inertia += assignedDistance >= 0 ? assignedDistance : squaredDistance(data, offset, centroids, assigned * cols, cols);
    }
  }
  state.chunkChanged[chunk] = changed;
  state.chunkInertia[chunk] = inertia;
}

/** Moves row's contribution from cluster `from` to cluster `to` in its chunk's partial sums (labels are the caller's job). */
export function moveRowSums(data: Float64Array, shape: KernelShape, state: KernelState, chunk: number, row: number, from: number, to: number): void {
  const { cols, k } = shape;
  const offset = row * cols;
  const fromBase = (chunk * k + from) * cols;
  const toBase = (chunk * k + to) * cols;
  let square = 0;
  for (let j = 0; j < cols; j++) {
    const value = data[offset + j];
    state.chunkSums[fromBase + j] -= value;
    state.chunkSums[toBase + j] += value;
    square += value * value;
  }
  state.chunkSquares[chunk * k + from] -= square;
  state.chunkSquares[chunk * k + to] += square;
  state.chunkCounts[chunk * k + from]--;
  state.chunkCounts[chunk * k + to]++;
}

// Results of scanCentroids: module-level so the hot loop allocates nothing.
let scanBest = 0;
let scanBestDistance = 0;
let scanLower = 0;

/**
 * Finds the nearest centre to the row at offset, starting from centre
 * `first` whose squared distance is already known. A centre c is skipped when
 * the triangle inequality proves it farther than the best so far
 * (d(x, c) >= gap(best, c) - d(x, best)); the bound still feeds the lower
 * bound. Ties go to the lowest index, as in assignToNearest. Sets scanBest,
 * scanBestDistance (squared) and scanLower (not squared: a lower bound on the
 * distance to every other centre).
 */
function scanCentroids(data: Float64Array, offset: number, centroids: Float64Array, centreGaps: Float64Array, cols: number, k: number, first: number, firstDistance: number): void {
  let best = first;
  let bestDistance = firstDistance;
  let bestRoot = Math.sqrt(firstDistance);
  let lowest = Infinity;
  for (let c = 0; c < k; c++) {
    if (c === first) continue;
    const bound = centreGaps[best * k + c] - bestRoot;
    if (bound * BOUND_MARGIN > bestRoot) {
      if (bound < lowest) lowest = bound;
      continue;
    }
    const distance = squaredDistance(data, offset, centroids, c * cols, cols);
    if (distance < bestDistance || (distance === bestDistance && c < best)) {
      if (bestRoot < lowest) lowest = bestRoot;
      best = c;
      bestDistance = distance;
      bestRoot = Math.sqrt(distance);
    } else {
      const root = Math.sqrt(distance);
      if (root < lowest) lowest = root;
    }
  }
  scanBest = best;
  scanBestDistance = bestDistance;
  scanLower = lowest;
}
