import type { Matrix } from '../matrix.js';
import { createRandom } from '../random.js';
import { createAssignmentExplainer } from './assignment-shapley.js';
import type { AssignmentExplainer } from './assignment-shapley.js';
import { checkLabels } from './check-labels.js';
import { computeColumnQuantiles } from './column-quantiles.js';
import { describeSegments } from './describe-segments.js';
import type { SegmentHighlight } from './describe-segments.js';
import { ExplainInputError } from './errors.js';
import { featureCompactness } from './feature-compactness.js';
import type { SegmentCompactness } from './feature-compactness.js';
import { resolveFeatureMeta } from './feature-meta.js';
import type { FeatureMeta } from './feature-meta.js';
import { compareInformationGain, informationGain } from './information-gain.js';
import type { InformationGainComparison, InformationGainReport } from './information-gain.js';
import { computeSegmentStatistics, topVarianceFeatures } from './segment-statistics.js';
import type { VarianceFeature } from './segment-statistics.js';
import { summarizeAssignmentShapley } from './segment-shapley-summary.js';
import type { SegmentShapleySummary } from './segment-shapley-summary.js';

export interface SegmentReportInput {
  /** n x d feature values in original units. */
  readonly original: Matrix;
  /** n x d scaled, priority-weighted space the clustering ran in. */
  readonly scaled: Matrix;
  readonly labels: Int32Array;
  /** k x d row-major, in the scaled space. */
  readonly centroids: Float64Array;
  readonly k: number;
  readonly featureNames: readonly string[];
  readonly featureMeta?: Readonly<Record<string, FeatureMeta>>;
  /** Labels of the same data clustered with all weights 1, for the side-by-side information gain. */
  readonly unweightedLabels?: Int32Array;
  /** Picks the example profiles. */
  readonly seed: number;
}

export interface FeatureSummary {
  readonly mean: number;
  readonly sd: number;
  readonly min: number;
  readonly p10: number;
  readonly p25: number;
  readonly median: number;
  readonly p75: number;
  readonly p90: number;
  readonly max: number;
}

/** A seeded random member of a segment and the features that pull it in hardest. */
export interface ExampleProfile {
  /** Row index in the inputs. */
  readonly row: number;
  /** l_c(z) - E[l_c(Z)] = sum of all the profile's Shapley values for its segment. */
  readonly logitShift: number;
  /** Largest |phi| first. */
  readonly contributions: { readonly feature: string; readonly phi: number }[];
}

export interface SegmentReportEntry {
  readonly segment: number;
  readonly name: string;
  readonly description: string;
  readonly size: number;
  readonly share: number;
  /** Segment means in original units; null for an empty segment. */
  readonly means: Record<string, number> | null;
  readonly highlights: SegmentHighlight[];
  readonly examples: ExampleProfile[];
}

export interface SegmentReport {
  readonly profiles: number;
  readonly k: number;
  readonly features: string[];
  readonly featureMeta: FeatureMeta[];
  readonly population: Record<string, FeatureSummary>;
  readonly segments: SegmentReportEntry[];
  readonly informationGain: {
    readonly weighted: InformationGainReport;
    readonly unweighted: InformationGainReport | null;
    readonly comparison: InformationGainComparison[] | null;
  };
  readonly shapley: SegmentShapleySummary[];
  readonly compactness: SegmentCompactness[];
  readonly topVarianceFeatures: VarianceFeature[];
  /** E[z] per feature: the Shapley background, kept so one profile can be explained later without the population. */
  readonly scaledFeatureMeans: number[];
}

const EXAMPLES_PER_SEGMENT = 3;
const EXAMPLE_CONTRIBUTIONS = 3;

/**
 * Every segment insight in one JSON-serialisable object. Work is a handful of
 * linear passes over typed arrays plus one sort per column (computeColumnQuantiles);
 * nothing allocates per row.
 */
export function buildSegmentReport(input: SegmentReportInput): SegmentReport {
  const { original, scaled, labels, centroids, k, featureNames, unweightedLabels, seed } = input;
  const { rows, cols } = original;
  if (scaled.rows !== rows || scaled.cols !== cols) {
    throw new ExplainInputError(`scaled is ${scaled.rows} x ${scaled.cols}, original ${rows} x ${cols}`);
  }
  if (featureNames.length !== cols) {
    throw new ExplainInputError(`${featureNames.length} feature names for ${cols} columns`);
  }
  if (cols === 0) throw new ExplainInputError('no features to report on');
  checkLabels(labels, k, rows);

  const stats = computeSegmentStatistics(original, labels, k);
  const quantiles = computeColumnQuantiles(original, labels, k);
  const meta = resolveFeatureMeta(featureNames, quantiles.population, input.featureMeta);
  const binEdges = quantiles.population.map((distribution) => distribution.binEdges);
  const weighted = informationGain(original, labels, k, featureNames, binEdges);
  let unweighted: InformationGainReport | null = null;
  if (unweightedLabels !== undefined) {
    // The unweighted run may have found a different number of segments.
    let unweightedK = 0;
    for (let i = 0; i < unweightedLabels.length; i++) unweightedK = Math.max(unweightedK, unweightedLabels[i] + 1);
    unweighted = informationGain(original, unweightedLabels, unweightedK, featureNames, binEdges);
  }

  const explainer = createAssignmentExplainer(scaled, centroids, k);
  const medians = Float64Array.from(quantiles.population, (distribution) => distribution.p50);
  const shapley = summarizeAssignmentShapley(explainer, scaled, original, labels, medians, featureNames);
  const compactness = featureCompactness(stats, featureNames);
  const descriptions = describeSegments({ stats, quantiles, compactness, shapley, meta, featureNames });
  const examples = pickExamples(explainer, scaled, labels, featureNames, seed);

  const population: Record<string, FeatureSummary> = {};
  featureNames.forEach((name, j) => {
    const distribution = quantiles.population[j];
    population[name] = {
      mean: stats.populationMeans[j],
      sd: stats.populationSds[j],
      min: distribution.min,
      p10: distribution.p10,
      p25: distribution.p25,
      median: distribution.p50,
      p75: distribution.p75,
      p90: distribution.p90,
      max: distribution.max,
    };
  });

  const segments = descriptions.map((description, c): SegmentReportEntry => {
    const size = stats.sizes[c];
    let means: Record<string, number> | null = null;
    if (size > 0) {
      means = {};
      for (let j = 0; j < cols; j++) means[featureNames[j]] = stats.means[c * cols + j];
    }
    return {
      segment: c,
      name: description.name,
      description: description.description,
      size,
      share: size / rows,
      means,
      highlights: description.highlights,
      examples: examples[c],
    };
  });

  return {
    profiles: rows,
    k,
    features: [...featureNames],
    featureMeta: meta,
    population,
    segments,
    informationGain: {
      weighted,
      unweighted,
      comparison: unweighted === null ? null : compareInformationGain(weighted, unweighted),
    },
    shapley,
    compactness,
    topVarianceFeatures: topVarianceFeatures(stats, featureNames),
    scaledFeatureMeans: Array.from(explainer.featureMeans),
  };
}

/** Reservoir sample of up to EXAMPLES_PER_SEGMENT rows per segment in one pass. */
function pickExamples(
  explainer: AssignmentExplainer,
  scaled: Matrix,
  labels: Int32Array,
  featureNames: readonly string[],
  seed: number,
): ExampleProfile[][] {
  const { k, features: cols, weights, featureMeans } = explainer;
  const random = createRandom(seed);
  const seen = new Float64Array(k);
  const chosen = new Int32Array(k * EXAMPLES_PER_SEGMENT);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    const slot = seen[c] < EXAMPLES_PER_SEGMENT ? seen[c] : random.int(seen[c] + 1);
    if (slot < EXAMPLES_PER_SEGMENT) chosen[c * EXAMPLES_PER_SEGMENT + slot] = i;
    seen[c]++;
  }
  const examples: ExampleProfile[][] = [];
  for (let c = 0; c < k; c++) {
    const first = c * EXAMPLES_PER_SEGMENT;
    const rows = Array.from(chosen.subarray(first, first + Math.min(seen[c], EXAMPLES_PER_SEGMENT)));
    rows.sort((a, b) => a - b);
    examples.push(
      rows.map((row) => {
        const contributions = featureNames.map((feature, j) => ({
          feature,
          phi: weights[c * cols + j] * (scaled.data[row * cols + j] - featureMeans[j]),
        }));
        const logitShift = contributions.reduce((sum, entry) => sum + entry.phi, 0);
        contributions.sort((a, b) => Math.abs(b.phi) - Math.abs(a.phi));
        return { row, logitShift, contributions: contributions.slice(0, EXAMPLE_CONTRIBUTIONS) };
      }),
    );
  }
  return examples;
}
