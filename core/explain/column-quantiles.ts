import type { Matrix } from '../matrix.js';
import { checkLabels } from './check-labels.js';
import { distinctValuesUpTo, equalFrequencyRanks, featureBinEdges } from './feature-bins.js';
import { quantileRank } from './quantile-rank.js';
import { selectRanks } from './select-ranks.js';

/** One feature's distribution over the whole population (nearest-rank quantiles, original units). */
export interface FeatureDistribution {
  readonly min: number;
  readonly p10: number;
  readonly p25: number;
  readonly p50: number;
  readonly p75: number;
  readonly p90: number;
  readonly max: number;
  /** Every value is a whole number. */
  readonly integral: boolean;
  /** Information-gain bins, see featureBinEdges. */
  readonly binEdges: Float64Array;
}

export interface ColumnQuantiles {
  readonly population: FeatureDistribution[];
  /** k x d row-major per-segment quantiles; NaN for an empty segment. */
  readonly segmentP10: Float64Array;
  readonly segmentP50: Float64Array;
  readonly segmentP90: Float64Array;
}

const POPULATION_LEVELS = [0.1, 0.25, 0.5, 0.75, 0.9] as const;

/**
 * Every quantile and bin edge the reports need, one column at a time: the
 * column is gathered grouped by segment (a counting sort on the label), each
 * segment's run is partially ordered by multi-quickselect for its quantiles,
 * then the whole buffer for the population's. No full sort: at 1M rows that
 * was most of the report's time.
 */
export function computeColumnQuantiles(original: Matrix, labels: Int32Array, k: number): ColumnQuantiles {
  const { data, rows, cols } = original;
  checkLabels(labels, k, rows);
  const starts = new Int32Array(k + 1);
  for (let i = 0; i < rows; i++) starts[labels[i] + 1]++;
  for (let c = 0; c < k; c++) starts[c + 1] += starts[c];

  const grouped = new Float64Array(rows);
  const cursor = new Int32Array(k);
  const segmentP10 = new Float64Array(k * cols).fill(Number.NaN);
  const segmentP50 = new Float64Array(k * cols).fill(Number.NaN);
  const segmentP90 = new Float64Array(k * cols).fill(Number.NaN);
  const population: FeatureDistribution[] = [];
  const binRanks = equalFrequencyRanks(rows);
  const levelRanks = POPULATION_LEVELS.map((level) => quantileRank(rows, level));
  for (let j = 0; j < cols; j++) {
    cursor.set(starts.subarray(0, k));
    for (let i = 0; i < rows; i++) grouped[cursor[labels[i]]++] = data[i * cols + j];
    for (let c = 0; c < k; c++) {
      const start = starts[c];
      const size = starts[c + 1] - start;
      if (size === 0) continue;
      const ranks = [0.1, 0.5, 0.9].map((level) => start + quantileRank(size, level));
      selectRanks(grouped, ranks, start, starts[c + 1] - 1);
      segmentP10[c * cols + j] = grouped[ranks[0]];
      segmentP50[c * cols + j] = grouped[ranks[1]];
      segmentP90[c * cols + j] = grouped[ranks[2]];
    }
    population.push(describeColumn(grouped, levelRanks, binRanks));
  }
  return { population, segmentP10, segmentP50, segmentP90 };
}

/** Reorders `values` (the whole column) while reading its quantiles. */
function describeColumn(values: Float64Array, levelRanks: number[], binRanks: number[]): FeatureDistribution {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let integral = true;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value < min) min = value;
    if (value > max) max = value;
    if (integral && !Number.isInteger(value)) integral = false;
  }
  const distinct = distinctValuesUpTo(values);
  selectRanks(values, [...levelRanks, ...binRanks]);
  return {
    min,
    p10: values[levelRanks[0]],
    p25: values[levelRanks[1]],
    p50: values[levelRanks[2]],
    p75: values[levelRanks[3]],
    p90: values[levelRanks[4]],
    max,
    integral,
    binEdges: featureBinEdges(
      distinct,
      binRanks.map((rank) => values[rank]),
      min,
    ),
  };
}
