import { ClusteringInputError } from './errors.js';
import { solveAssignment } from './hungarian.js';
import { squaredDistance } from './squared-distance.js';

export interface PreviousSegments {
  readonly ids: readonly string[];
  /** k x cols centroids in the scaled feature space. */
  readonly centroids: Float64Array;
}

export interface NextSegments {
  readonly centroids: Float64Array;
  readonly k: number;
}

export interface MatchOptions {
  /** A pair costing more than this is never matched. Default 0.5. */
  readonly maxCost?: number;
  /** Weight of the centroid distance term; the overlap term gets 1 - weight. Default 0.5 with overlap, 1 without. */
  readonly distanceWeight?: number;
  /** Distance that counts as "completely moved" (the distance term saturates at 1). Default: median distance between previous centroids. */
  readonly distanceScale?: number;
  /** Id for the next segment at index `next` that matched nothing. Default: segment-N, N counting up past every previous id. */
  readonly newId?: (next: number) => string;
}

export interface SegmentMatching {
  /** Id of each next segment: the previous id it continues, or a new one. */
  readonly ids: string[];
  readonly matches: { readonly previousId: string; readonly next: number; readonly cost: number }[];
  /** Indices of next segments that continue nothing. */
  readonly created: number[];
  /** Previous ids that nothing continues. */
  readonly retired: string[];
}

/**
 * Carries segment ids across a refresh. The cost of continuing previous
 * segment p as next segment n is
 *   w * min(1, |c_p - c_n| / scale) + (1 - w) * (1 - J(p, n)),
 * J being the Jaccard overlap of their members, overlap[p][n] / (|p| + |n| -
 * overlap[p][n]) with sizes taken as the row and column sums of overlap. The
 * optimal assignment is solved with the Hungarian algorithm on a matrix where
 * leaving p or n unmatched costs maxCost / 2 each, so a pair is matched only
 * when its cost is below maxCost and the total is minimal.
 */
export function matchSegments(previous: PreviousSegments, next: NextSegments, overlap?: readonly (readonly number[])[], options: MatchOptions = {}): SegmentMatching {
  const previousK = previous.ids.length;
  const nextK = next.k;
  if (previousK === 0) throw new ClusteringInputError('matchSegments needs at least one previous segment');
  const cols = previous.centroids.length / previousK;
  if (!Number.isInteger(cols) || next.centroids.length !== nextK * cols) {
    throw new ClusteringInputError(`centroid shapes disagree: ${previous.centroids.length} values for ${previousK} previous, ${next.centroids.length} for ${nextK} next`);
  }
  if (overlap !== undefined && (overlap.length !== previousK || overlap.some((row) => row.length !== nextK))) {
    throw new ClusteringInputError(`overlap must be ${previousK} x ${nextK}`);
  }
  const maxCost = options.maxCost ?? 0.5;
  const weight = options.distanceWeight ?? (overlap === undefined ? 1 : 0.5);
  const scale = options.distanceScale ?? medianGap(previous.centroids, previousK, cols);

  const rowSums = overlap?.map((row) => row.reduce((a, b) => a + b, 0));
  const colSums = overlap === undefined ? undefined : Array.from({ length: nextK }, (_, n) => overlap.reduce((sum, row) => sum + row[n], 0));
  const pairCost = (p: number, n: number): number => {
    const distance = Math.sqrt(squaredDistance(previous.centroids, p * cols, next.centroids, n * cols, cols));
    let cost = weight * (scale > 0 ? Math.min(1, distance / scale) : distance > 0 ? 1 : 0);
    if (overlap !== undefined && rowSums !== undefined && colSums !== undefined) {
      const shared = overlap[p][n];
      const union = rowSums[p] + colSums[n] - shared;
      cost += (1 - weight) * (1 - (union > 0 ? shared / union : 0));
    }
    return cost;
  };

  // Square matrix: [previous | "retire p"] x [next | "create n"]; forbidden cells get a cost no optimum uses.
  const size = previousK + nextK;
  const forbidden = 2 * size * (maxCost + 1) + 1;
  const costs = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  const pairCosts = Array.from({ length: previousK }, (_, p) => Array.from({ length: nextK }, (_, n) => pairCost(p, n)));
  for (let p = 0; p < previousK; p++) {
    for (let n = 0; n < nextK; n++) costs[p][n] = pairCosts[p][n] <= maxCost ? pairCosts[p][n] : forbidden;
    for (let r = 0; r < previousK; r++) costs[p][nextK + r] = r === p ? maxCost / 2 : forbidden;
  }
  for (let n = 0; n < nextK; n++) {
    for (let c = 0; c < nextK; c++) costs[previousK + n][c] = c === n ? maxCost / 2 : forbidden;
  }
  const { rowToColumn } = solveAssignment(costs);

  const ids = new Array<string>(nextK).fill('');
  const matches: SegmentMatching['matches'] = [];
  const retired: string[] = [];
  for (let p = 0; p < previousK; p++) {
    const n = rowToColumn[p];
    if (n < nextK) {
      ids[n] = previous.ids[p];
      matches.push({ previousId: previous.ids[p], next: n, cost: pairCosts[p][n] });
    } else {
      retired.push(previous.ids[p]);
    }
  }
  const created: number[] = [];
  const taken = new Set(previous.ids);
  let counter = previousK;
  for (let n = 0; n < nextK; n++) {
    if (ids[n] !== '') continue;
    created.push(n);
    let id = options.newId?.(n);
    if (id === undefined) {
      do id = `segment-${++counter}`;
      while (taken.has(id));
    }
    if (taken.has(id)) throw new ClusteringInputError(`newId returned "${id}", which is already in use`);
    taken.add(id);
    ids[n] = id;
  }
  return { ids, matches, created, retired };
}

function medianGap(centroids: Float64Array, k: number, cols: number): number {
  const gaps: number[] = [];
  for (let a = 0; a < k; a++) for (let b = a + 1; b < k; b++) gaps.push(Math.sqrt(squaredDistance(centroids, a * cols, centroids, b * cols, cols)));
  if (gaps.length === 0) return 1;
  gaps.sort((x, y) => x - y);
  const middle = gaps.length >> 1;
  return gaps.length % 2 === 1 ? gaps[middle] : (gaps[middle - 1] + gaps[middle]) / 2;
}
