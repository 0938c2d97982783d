import type { Matrix } from '../matrix.js';
import { checkLabels } from './check-labels.js';
import { ExplainInputError } from './errors.js';
import { computeColumnQuantiles } from './column-quantiles.js';
import { binIndex } from './feature-bins.js';

export interface FeatureInformationGain {
  readonly feature: string;
  /** IG = H(S) - H(S | bin(F)), bits. */
  readonly bits: number;
  /** IG / H(S) in [0, 1]; 0 when H(S) = 0 (a single occupied segment has nothing to explain). */
  readonly ratio: number;
}

export interface InformationGainReport {
  /** H(S), bits. */
  readonly labelEntropyBits: number;
  /** In feature order. */
  readonly features: FeatureInformationGain[];
}

/**
 * Information gain of every feature about the segment label. Bins follow
 * featureBinEdges (values as is up to 10 distinct, else 10 equal-frequency bins,
 * ties never split). Pass `binEdges` from computeColumnQuantiles when already
 * computed; they depend on the feature only, so the weighted and the unweighted
 * labeling share them.
 */
export function informationGain(
  original: Matrix,
  labels: Int32Array,
  k: number,
  featureNames: readonly string[],
  binEdges?: readonly Float64Array[],
): InformationGainReport {
  const { data, rows, cols } = original;
  checkLabels(labels, k, rows);
  if (featureNames.length !== cols) {
    throw new ExplainInputError(`${featureNames.length} feature names for ${cols} columns`);
  }
  if (binEdges !== undefined && binEdges.length !== cols) {
    throw new ExplainInputError(`${binEdges.length} bin edge arrays for ${cols} columns`);
  }
  const edges = binEdges ?? computeColumnQuantiles(original, labels, k).population.map((column) => column.binEdges);
  // One joint count table (k x bins) per feature, laid end to end, filled in a single row-major pass.
  const offsets = new Int32Array(cols + 1);
  for (let j = 0; j < cols; j++) offsets[j + 1] = offsets[j] + k * (edges[j].length + 1);
  const joint = new Float64Array(offsets[cols]);
  const segmentCounts = new Float64Array(k);
  for (let i = 0; i < rows; i++) {
    const label = labels[i];
    segmentCounts[label]++;
    const row = i * cols;
    for (let j = 0; j < cols; j++) {
      joint[offsets[j] + binIndex(edges[j], data[row + j]) * k + label]++;
    }
  }
  const labelEntropyBits = entropyBits(segmentCounts, rows);
  const features: FeatureInformationGain[] = [];
  for (let j = 0; j < cols; j++) {
    const bits = mutualInformationBits(joint.subarray(offsets[j], offsets[j + 1]), k, segmentCounts, rows);
    features.push({ feature: featureNames[j], bits, ratio: labelEntropyBits > 0 ? bits / labelEntropyBits : 0 });
  }
  return { labelEntropyBits, features };
}

/** Shannon entropy, bits, of a distribution given by counts summing to total. */
export function entropyBits(counts: ArrayLike<number>, total: number): number {
  let entropy = 0;
  for (let i = 0; i < counts.length; i++) {
    if (counts[i] > 0) {
      const p = counts[i] / total;
      entropy -= p * Math.log2(p);
    }
  }
  return entropy;
}

/**
 * H(S) - H(S | B) from a (bins x k) joint count table, evaluated as
 * sum n_bs/n log2(n n_bs / (n_b n_s)) so no two large entropies are
 * subtracted; clamped at 0 against rounding.
 */
function mutualInformationBits(joint: Float64Array, k: number, segmentCounts: Float64Array, rows: number): number {
  const bins = joint.length / k;
  let bits = 0;
  for (let b = 0; b < bins; b++) {
    let binCount = 0;
    for (let c = 0; c < k; c++) binCount += joint[b * k + c];
    for (let c = 0; c < k; c++) {
      const count = joint[b * k + c];
      if (count > 0) bits += (count / rows) * Math.log2((rows * count) / (binCount * segmentCounts[c]));
    }
  }
  return Math.max(0, bits);
}

/** One feature's information gain under the configured weights and with all weights 1, side by side. */
export interface InformationGainComparison {
  readonly feature: string;
  readonly weightedBits: number;
  readonly unweightedBits: number;
  readonly weightedRatio: number;
  readonly unweightedRatio: number;
  /** weightedBits - unweightedBits: positive when the priority weights made segments lean more on the feature. */
  readonly deltaBits: number;
}

export function compareInformationGain(
  weighted: InformationGainReport,
  unweighted: InformationGainReport,
): InformationGainComparison[] {
  const byFeature = new Map(unweighted.features.map((entry) => [entry.feature, entry]));
  if (byFeature.size !== weighted.features.length) {
    throw new ExplainInputError('weighted and unweighted information gain cover different features');
  }
  return weighted.features.map((entry) => {
    const other = byFeature.get(entry.feature);
    if (other === undefined) throw new ExplainInputError(`feature ${entry.feature} missing from the unweighted report`);
    return {
      feature: entry.feature,
      weightedBits: entry.bits,
      unweightedBits: other.bits,
      weightedRatio: entry.ratio,
      unweightedRatio: other.ratio,
      deltaBits: entry.bits - other.bits,
    };
  });
}
