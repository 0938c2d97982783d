import type { Matrix } from '../matrix.js';
import { checkLabels } from './check-labels.js';
import { ExplainInputError } from './errors.js';

/** Sizes, means and population standard deviations (ddof 0) per segment and overall, in original units. */
export interface SegmentStatistics {
  readonly rows: number;
  readonly features: number;
  readonly k: number;
  readonly sizes: Float64Array;
  /** k x d, row-major; NaN for an empty segment. */
  readonly means: Float64Array;
  /** k x d, row-major; NaN for an empty segment. */
  readonly sds: Float64Array;
  readonly populationMeans: Float64Array;
  readonly populationSds: Float64Array;
}

/**
 * Two passes over the rows (sums, then squared deviations) rather than one
 * pass of sums of squares: amounts in the hundreds of thousands with a small
 * spread would lose every significant digit to cancellation.
 */
export function computeSegmentStatistics(original: Matrix, labels: Int32Array, k: number): SegmentStatistics {
  const { data, rows, cols } = original;
  checkLabels(labels, k, rows);
  if (rows === 0) throw new ExplainInputError('cannot summarise zero profiles');
  const sizes = new Float64Array(k);
  const means = new Float64Array(k * cols);
  for (let i = 0; i < rows; i++) {
    const offset = labels[i] * cols;
    const row = i * cols;
    sizes[labels[i]]++;
    for (let j = 0; j < cols; j++) means[offset + j] += data[row + j];
  }
  const populationMeans = new Float64Array(cols);
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < cols; j++) {
      const sum = means[c * cols + j];
      if (!Number.isFinite(sum)) throw new ExplainInputError(`feature ${j} has non-finite values in segment ${c}`);
      populationMeans[j] += sum;
      means[c * cols + j] = sizes[c] > 0 ? sum / sizes[c] : Number.NaN;
    }
  }
  for (let j = 0; j < cols; j++) populationMeans[j] /= rows;

  const squares = new Float64Array(k * cols);
  for (let i = 0; i < rows; i++) {
    const offset = labels[i] * cols;
    const row = i * cols;
    for (let j = 0; j < cols; j++) {
      const deviation = data[row + j] - means[offset + j];
      squares[offset + j] += deviation * deviation;
    }
  }
  // Total sum of squares = within + between segments, so the population spread needs no third pass.
  const sds = new Float64Array(k * cols);
  const populationSds = new Float64Array(cols);
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < cols; j++) {
      const index = c * cols + j;
      if (sizes[c] === 0) {
        sds[index] = Number.NaN;
        continue;
      }
      sds[index] = Math.sqrt(squares[index] / sizes[c]);
      const shift = means[index] - populationMeans[j];
      populationSds[j] += squares[index] + sizes[c] * shift * shift;
    }
  }
  for (let j = 0; j < cols; j++) populationSds[j] = Math.sqrt(populationSds[j] / rows);
  return { rows, features: cols, k, sizes, means, sds, populationMeans, populationSds };
}

/** A feature ranked by how much the segment means differ on it. */
export interface VarianceFeature {
  readonly feature: string;
  /** Variance (ddof 0) of the non-empty segments' means, original units squared. */
  readonly variance: number;
  /** variance / population variance: unit-free, 0 for a constant feature. */
  readonly standardizedVariance: number;
}

/**
 * Features whose segment means vary most. Ranked by the standardized variance
 * because raw variances compare units (a revenue column in dollars would always
 * beat a session count); the raw value is reported alongside.
 */
export function topVarianceFeatures(
  stats: SegmentStatistics,
  featureNames: readonly string[],
  count: number = 3,
): VarianceFeature[] {
  const { k, features: cols, sizes, means, populationSds } = stats;
  const ranked: VarianceFeature[] = [];
  for (let j = 0; j < cols; j++) {
    let sum = 0;
    let segments = 0;
    for (let c = 0; c < k; c++) {
      if (sizes[c] === 0) continue;
      sum += means[c * cols + j];
      segments++;
    }
    const mean = sum / segments;
    let variance = 0;
    for (let c = 0; c < k; c++) {
      if (sizes[c] === 0) continue;
      const deviation = means[c * cols + j] - mean;
      variance += deviation * deviation;
    }
    variance /= segments;
    const populationVariance = populationSds[j] * populationSds[j];
    ranked.push({
      feature: featureNames[j],
      variance,
      standardizedVariance: populationVariance > 0 ? variance / populationVariance : 0,
    });
  }
  ranked.sort((a, b) => b.standardizedVariance - a.standardizedVariance);
  return ranked.slice(0, count);
}
