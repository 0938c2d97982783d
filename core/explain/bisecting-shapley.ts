import { predictBisecting } from '../clustering/bisecting-tree.js';
import type { BisectingTree } from '../clustering/bisecting-tree.js';
import { createMatrix } from '../matrix.js';
import type { Matrix } from '../matrix.js';
import { gatherRows, sampleRowIndexes } from '../sample-rows.js';
import { checkLabels } from './check-labels.js';
import { sampledShapley } from './sampled-shapley.js';

export interface BisectingShapleyOptions {
  /** At most this many profiles are explained (a seeded sample, in row order). */
  readonly maxProfiles: number;
  /** Size of the seeded background sample the features are switched from. */
  readonly backgroundRows: number;
  /** Permutations per profile (sampledShapley). */
  readonly permutations: number;
  readonly seed: number;
}

export interface BisectingShapley {
  /** The explained row indices, ascending. */
  readonly rows: Int32Array;
  /** rows.length x d: phi of each explained profile for its own leaf's indicator. */
  readonly values: Matrix;
  readonly standardErrors: Matrix;
  /** Per explained row: the share of the background the tree puts in that row's segment. */
  readonly baseValues: Float64Array;
  readonly permutations: number;
}

/**
 * Shapley values of a bisecting k-means assignment, which follows a tree and
 * is not linear in z: the model explained for a profile in segment c is the
 * indicator 1[tree(z) = c], so each value is the feature's share of
 * "probability of landing in c" above the background's rate, and the values
 * add up (in expectation: they are sampled) to 1 - that rate. Sampled on a
 * capped number of profiles because every model call walks the tree.
 */
export function sampledBisectingShapley(
  tree: BisectingTree,
  scaled: Matrix,
  labels: Int32Array,
  options: BisectingShapleyOptions,
): BisectingShapley {
  const { cols } = scaled;
  checkLabels(labels, tree.k, scaled.rows);
  const rows = sampleRowIndexes(scaled.rows, options.maxProfiles, options.seed);
  const background = gatherRows(scaled, sampleRowIndexes(scaled.rows, options.backgroundRows, options.seed + 1));
  const values = createMatrix(rows.length, cols);
  const standardErrors = createMatrix(rows.length, cols);
  const baseValues = new Float64Array(rows.length);
  let permutations = 0;
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r];
    const segment = labels[i];
    const result = sampledShapley(
      (z) => (predictBisecting(tree, z) === segment ? 1 : 0),
      scaled.data.slice(i * cols, (i + 1) * cols),
      background,
      { permutations: options.permutations, seed: options.seed + i },
    );
    values.data.set(result.values, r * cols);
    standardErrors.data.set(result.standardErrors, r * cols);
    baseValues[r] = result.baseValue;
    permutations = result.permutations;
  }
  return { rows, values, standardErrors, baseValues, permutations };
}
