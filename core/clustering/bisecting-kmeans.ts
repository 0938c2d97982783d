import type { Matrix } from '../matrix.js';
import { createRandom } from '../random.js';
import type { BisectingNode, BisectingTree } from './bisecting-tree.js';
import { ClusteringInputError } from './errors.js';
import { kmeans } from './kmeans.js';
import { squaredDistance } from './squared-distance.js';

export type BisectingStrategy = 'biggestInertia' | 'largestCluster';

/** Spark's BisectingKMeans parameters, plus scikit-learn's choice of which leaf to split. */
export interface BisectingOptions {
  readonly k: number;
  readonly seed: number;
  /** Lloyd iterations per split. Default 20 (Spark's). */
  readonly maxIterations?: number;
  /** A leaf is divisible only with at least this many rows: a count >= 1, or a fraction in (0, 1) of all rows. Default 1. */
  readonly minDivisibleClusterSize?: number;
  /** Which divisible leaf to split next. Default 'biggestInertia'. */
  readonly strategy?: BisectingStrategy;
  readonly threads?: number;
}

export interface BisectingResult {
  /** Leaf of each row, following the tree path (the same rule as predictBisecting). */
  readonly labels: Int32Array;
  /** Leaf centres, k x cols. */
  readonly centroids: Float64Array;
  readonly inertia: number;
  readonly sizes: Int32Array;
  readonly tree: BisectingTree;
}

interface Leaf {
  readonly rows: Int32Array;
  readonly centre: Float64Array;
  readonly inertia: number;
  divisible: boolean;
  children: [Leaf, Leaf] | null;
}

/**
 * Bisecting k-means: start from one cluster and repeatedly split the chosen
 * divisible leaf with 2-means (k-means++ seeding, seeded per split from
 * `seed`) until there are k leaves or nothing is divisible. A split that
 * cannot separate the rows (all identical) marks the leaf indivisible.
 */
export async function bisectingKMeans(matrix: Matrix, options: BisectingOptions): Promise<BisectingResult> {
  const { rows, cols } = matrix;
  const { k, seed, threads } = options;
  const maxIterations = options.maxIterations ?? 20;
  const strategy = options.strategy ?? 'biggestInertia';
  if (rows < 1 || cols < 1) throw new ClusteringInputError(`cannot cluster a ${rows} x ${cols} matrix`);
  if (!Number.isInteger(k) || k < 1 || k > rows) throw new ClusteringInputError(`k must be an integer in [1, ${rows}], got ${k}`);
  const minSize = minimumDivisibleSize(options.minDivisibleClusterSize ?? 1, rows);

  const all = new Int32Array(rows);
  for (let i = 0; i < rows; i++) all[i] = i;
  const root = makeLeaf(matrix, all, meanOf(matrix, all));
  const leaves: Leaf[] = [root];
  const seeds = createRandom(seed);
  while (leaves.length < k) {
    const target = pickLeaf(leaves, minSize, strategy);
    if (target === null) break;
    const subset = target.rows.length === rows ? matrix : gather(matrix, target.rows);
    const split = await kmeans(subset, { k: 2, seed: seeds.int(0x100000000), maxIterations, threads });
    if (split.sizes[0] === 0 || split.sizes[1] === 0) {
      target.divisible = false;
      continue;
    }
    const parts = [new Int32Array(split.sizes[0]), new Int32Array(split.sizes[1])];
    const filled = [0, 0];
    for (let i = 0; i < target.rows.length; i++) {
      const side = split.labels[i];
      parts[side][filled[side]++] = target.rows[i];
    }
    const left = makeLeaf(matrix, parts[0], split.centroids.slice(0, cols));
    const right = makeLeaf(matrix, parts[1], split.centroids.slice(cols, 2 * cols));
    target.children = [left, right];
    leaves.splice(leaves.indexOf(target), 1, left, right);
  }

  const labels = new Int32Array(rows);
  const centroids = new Float64Array(leaves.length * cols);
  const sizes = new Int32Array(leaves.length);
  let inertia = 0;
  let next = 0;
  const toNode = (leaf: Leaf): BisectingNode => {
    const base = { centre: Array.from(leaf.centre), size: leaf.rows.length, inertia: leaf.inertia };
    if (leaf.children !== null) return { ...base, children: leaf.children.map(toNode), leaf: null };
    const label = next++;
    for (const row of leaf.rows) labels[row] = label;
    centroids.set(leaf.centre, label * cols);
    sizes[label] = leaf.rows.length;
    inertia += leaf.inertia;
    return { ...base, children: [], leaf: label };
  };
  const tree: BisectingTree = { cols, k: leaves.length, root: toNode(root) };
  return { labels, centroids, inertia, sizes, tree };
}

/** Spark's rule: a count is rounded up; a fraction is taken of all rows, rounded up. */
function minimumDivisibleSize(value: number, rows: number): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new ClusteringInputError(`minDivisibleClusterSize must be a count >= 1 or a fraction in (0, 1), got ${value}`);
  return value >= 1 ? Math.ceil(value) : Math.ceil(value * rows);
}

/** The divisible leaf to split next (ties go to the leftmost leaf), or null. */
function pickLeaf(leaves: readonly Leaf[], minSize: number, strategy: BisectingStrategy): Leaf | null {
  let chosen: Leaf | null = null;
  for (const leaf of leaves) {
    if (!leaf.divisible || leaf.rows.length < Math.max(2, minSize) || leaf.inertia === 0) continue;
    const better = chosen === null || (strategy === 'biggestInertia' ? leaf.inertia > chosen.inertia : leaf.rows.length > chosen.rows.length);
    if (better) chosen = leaf;
  }
  return chosen;
}

function makeLeaf(matrix: Matrix, rows: Int32Array, centre: Float64Array): Leaf {
  let inertia = 0;
  for (const row of rows) inertia += squaredDistance(matrix.data, row * matrix.cols, centre, 0, matrix.cols);
  return { rows, centre, inertia, divisible: true, children: null };
}

function meanOf(matrix: Matrix, rows: Int32Array): Float64Array {
  const { data, cols } = matrix;
  const mean = new Float64Array(cols);
  for (const row of rows) for (let j = 0; j < cols; j++) mean[j] += data[row * cols + j];
  for (let j = 0; j < cols; j++) mean[j] /= rows.length;
  return mean;
}

function gather(matrix: Matrix, rows: Int32Array): Matrix {
  const { data, cols } = matrix;
  const subset = new Float64Array(rows.length * cols);
  for (let i = 0; i < rows.length; i++) subset.set(data.subarray(rows[i] * cols, (rows[i] + 1) * cols), i * cols);
  return { data: subset, rows: rows.length, cols };
}
