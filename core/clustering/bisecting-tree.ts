import { ClusteringInputError } from './errors.js';
import { squaredDistance } from './squared-distance.js';

/** One node of a bisecting k-means tree; plain JSON (centres as number arrays round-trip exactly). */
export interface BisectingNode {
  readonly centre: number[];
  readonly size: number;
  /** Sum of squared distances from the node's rows to its centre. */
  readonly inertia: number;
  /** Empty for a leaf, otherwise exactly two children. */
  readonly children: BisectingNode[];
  /** Segment label of a leaf (leaves numbered left to right); null for inner nodes. */
  readonly leaf: number | null;
}

export interface BisectingTree {
  readonly cols: number;
  /** Number of leaves (can be below the requested k when no cluster was divisible). */
  readonly k: number;
  readonly root: BisectingNode;
}

const centreCache = new WeakMap<BisectingNode, Float64Array>();

function centreOf(node: BisectingNode): Float64Array {
  let centre = centreCache.get(node);
  if (centre === undefined) {
    centre = Float64Array.from(node.centre);
    centreCache.set(node, centre);
  }
  return centre;
}

/**
 * Segment of row: from the root, go to the nearer child centre (ties to the
 * first child) until a leaf. Training labels are defined by exactly this
 * path, so scoring a training row returns its training label; the leaf
 * reached is not always the leaf with the nearest centre.
 */
export function predictBisecting(tree: BisectingTree, row: Float64Array): number {
  if (row.length !== tree.cols) throw new ClusteringInputError(`row has ${row.length} values, the tree expects ${tree.cols}`);
  let node = tree.root;
  while (node.children.length === 2) {
    const [left, right] = node.children;
    const toLeft = squaredDistance(row, 0, centreOf(left), 0, tree.cols);
    const toRight = squaredDistance(row, 0, centreOf(right), 0, tree.cols);
    node = toRight < toLeft ? right : left;
  }
  if (node.leaf === null) throw new ClusteringInputError('malformed bisecting tree: a node without two children is not a leaf');
  return node.leaf;
}
