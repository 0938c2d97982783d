import type { Matrix } from '../matrix.js';
import type { AssignmentExplainer } from './assignment-shapley.js';
import { checkLabels } from './check-labels.js';
import { ExplainInputError } from './errors.js';

/** One feature's Shapley values over the profiles of one segment, for that segment's logit. */
export interface FeatureShapleySummary {
  readonly feature: string;
  /** Mean |phi|: the ranking key. */
  readonly meanAbs: number;
  /** Mean phi among the segment's profiles whose feature is >= the population median; null if there are none. */
  readonly meanWhenHigh: number | null;
  /** Mean phi among the segment's profiles whose feature is below the population median; null if there are none. */
  readonly meanWhenLow: number | null;
  readonly highCount: number;
  readonly lowCount: number;
}

export interface SegmentShapleySummary {
  readonly segment: number;
  /** Highest mean |phi| first; empty for an empty segment. */
  readonly features: FeatureShapleySummary[];
}

/** Per-(segment, feature) sums the summary is finished from: k x d each. */
interface ShapleySums {
  readonly absolute: Float64Array;
  readonly high: Float64Array;
  readonly highCount: Float64Array;
  readonly low: Float64Array;
  readonly lowCount: Float64Array;
}

/**
 * Summary from any engine's own-segment Shapley values (n x d), e.g. sampled
 * values of a non-linear model. High/low is judged on the original value
 * against the population median (`medians`, original units).
 */
export function summarizeShapley(
  phi: Matrix,
  original: Matrix,
  labels: Int32Array,
  k: number,
  medians: Float64Array,
  featureNames: readonly string[],
): SegmentShapleySummary[] {
  const { rows, cols } = phi;
  checkShapes(original, rows, cols, medians, featureNames);
  checkLabels(labels, k, rows);
  const sums = createSums(k, cols);
  for (let i = 0; i < rows; i++) {
    const offset = labels[i] * cols;
    for (let j = 0; j < cols; j++) {
      const value = phi.data[i * cols + j];
      sums.absolute[offset + j] += Math.abs(value);
      if (original.data[i * cols + j] >= medians[j]) {
        sums.high[offset + j] += value;
        sums.highCount[offset + j]++;
      } else {
        sums.low[offset + j] += value;
        sums.lowCount[offset + j]++;
      }
    }
  }
  return finish(sums, k, cols, featureNames);
}

/**
 * The same summary for the closed-form assignment values without building the
 * n x d matrix: phi_cj = w_cj (z_j - E z_j) is linear in z_j, so summing z_j
 * (and |z_j - E z_j|) per segment and side of the median is enough.
 */
export function summarizeAssignmentShapley(
  explainer: AssignmentExplainer,
  scaled: Matrix,
  original: Matrix,
  labels: Int32Array,
  medians: Float64Array,
  featureNames: readonly string[],
): SegmentShapleySummary[] {
  const { k, features: cols, weights, featureMeans } = explainer;
  const { rows } = scaled;
  if (scaled.cols !== cols) throw new ExplainInputError(`scaled has ${scaled.cols} features, the explainer ${cols}`);
  checkShapes(original, rows, cols, medians, featureNames);
  checkLabels(labels, k, rows);
  const sums = createSums(k, cols);
  for (let i = 0; i < rows; i++) {
    const offset = labels[i] * cols;
    const row = i * cols;
    for (let j = 0; j < cols; j++) {
      const deviation = scaled.data[row + j] - featureMeans[j];
      sums.absolute[offset + j] += Math.abs(deviation);
      if (original.data[row + j] >= medians[j]) {
        sums.high[offset + j] += deviation;
        sums.highCount[offset + j]++;
      } else {
        sums.low[offset + j] += deviation;
        sums.lowCount[offset + j]++;
      }
    }
  }
  for (let index = 0; index < k * cols; index++) {
    sums.absolute[index] *= Math.abs(weights[index]);
    sums.high[index] *= weights[index];
    sums.low[index] *= weights[index];
  }
  return finish(sums, k, cols, featureNames);
}

function checkShapes(
  original: Matrix,
  rows: number,
  cols: number,
  medians: Float64Array,
  featureNames: readonly string[],
): void {
  if (original.rows !== rows || original.cols !== cols) {
    throw new ExplainInputError(`original is ${original.rows} x ${original.cols}, expected ${rows} x ${cols}`);
  }
  if (medians.length !== cols || featureNames.length !== cols) {
    throw new ExplainInputError(`expected ${cols} medians and feature names`);
  }
}

function createSums(k: number, cols: number): ShapleySums {
  const size = k * cols;
  return {
    absolute: new Float64Array(size),
    high: new Float64Array(size),
    highCount: new Float64Array(size),
    low: new Float64Array(size),
    lowCount: new Float64Array(size),
  };
}

function finish(sums: ShapleySums, k: number, cols: number, featureNames: readonly string[]): SegmentShapleySummary[] {
  const result: SegmentShapleySummary[] = [];
  for (let c = 0; c < k; c++) {
    const size = sums.highCount[c * cols] + sums.lowCount[c * cols];
    const features: FeatureShapleySummary[] = [];
    for (let j = 0; size > 0 && j < cols; j++) {
      const index = c * cols + j;
      const highCount = sums.highCount[index];
      const lowCount = sums.lowCount[index];
      features.push({
        feature: featureNames[j],
        meanAbs: sums.absolute[index] / size,
        meanWhenHigh: highCount > 0 ? sums.high[index] / highCount : null,
        meanWhenLow: lowCount > 0 ? sums.low[index] / lowCount : null,
        highCount,
        lowCount,
      });
    }
    features.sort((a, b) => b.meanAbs - a.meanAbs);
    result.push({ segment: c, features });
  }
  return result;
}
