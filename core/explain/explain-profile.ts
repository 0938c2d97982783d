import { assignmentExplainerFromMeans } from './assignment-shapley.js';
import { ExplainInputError } from './errors.js';
import type { FeatureMeta } from './feature-meta.js';
import { formatFeatureValue } from './format-feature-value.js';

export interface ExplainProfileInput {
  /** k x d row-major, in the scaled and weighted space the clustering ran in. */
  readonly centroids: Float64Array;
  readonly k: number;
  readonly featureNames: readonly string[];
  /** E[z] over the population: the Shapley background (SegmentReport.scaledFeatureMeans). */
  readonly featureMeans: Float64Array;
  /** The profile in the scaled space. */
  readonly z: Float64Array;
  /** The profile in original units, quoted in the reasons; without it the reasons quote no values. */
  readonly original?: Float64Array;
  /** Wording per feature, in feature order (SegmentReport.featureMeta). */
  readonly featureMeta?: readonly FeatureMeta[];
  /**
   * The segment the run assigned. Default: the highest logit, i.e. the nearest
   * centroid (k-means); a bisecting tree's leaf can differ, so pass its label.
   */
  readonly segment?: number;
  /** Display names per segment index, used in the reasons; default "segment n" (1-based). */
  readonly segmentNames?: readonly string[];
  /** How many features the reasons name; default 3. */
  readonly maxReasons?: number;
}

export interface FeatureContribution {
  readonly feature: string;
  /** Original units; null when the original values were not given. */
  readonly value: number | null;
  readonly z: number;
  readonly phi: number;
}

/** Why one segment's logit is where it is for this profile. */
export interface SegmentExplanation {
  readonly segment: number;
  readonly logit: number;
  /** E[l_c(Z)] over the population. */
  readonly expectedLogit: number;
  /** logit - expectedLogit: exactly what the contributions' phi add up to. */
  readonly logitShift: number;
  /** Largest |phi| first. */
  readonly contributions: FeatureContribution[];
}

export interface ProfileExplanation {
  readonly segment: number;
  /** l_c(z) for every segment index. */
  readonly logits: number[];
  readonly assigned: SegmentExplanation;
  /** The segment with the next highest logit; null when k = 1. */
  readonly runnerUp: SegmentExplanation | null;
  /** Plain words, strongest first. */
  readonly reasons: string[];
}

/**
 * "Why is this customer in segment c?": the closed-form Shapley values of the
 * segment logits (createAssignmentExplainer) for the assigned segment and the
 * runner-up, plus reasons in words. The runner-up reason uses
 * phi_c - phi_r, whose sum is the shift of the margin l_c - l_r that decides
 * between the two segments.
 */
export function explainProfile(input: ExplainProfileInput): ProfileExplanation {
  const { centroids, k, featureNames, featureMeans, z, original, featureMeta, maxReasons = 3 } = input;
  const cols = featureNames.length;
  if (featureMeans.length !== cols || z.length !== cols) {
    throw new ExplainInputError(`${cols} feature names, ${featureMeans.length} feature means and a profile of ${z.length} values`);
  }
  if (original !== undefined && original.length !== cols) throw new ExplainInputError(`original has ${original.length} values, expected ${cols}`);
  if (featureMeta !== undefined && featureMeta.length !== cols) throw new ExplainInputError(`featureMeta has ${featureMeta.length} entries, expected ${cols}`);
  if (input.segmentNames !== undefined && input.segmentNames.length !== k) throw new ExplainInputError(`${input.segmentNames.length} segment names for k = ${k}`);
  for (let j = 0; j < cols; j++) {
    if (!Number.isFinite(z[j])) throw new ExplainInputError(`scaled feature ${featureNames[j]} is not finite`);
  }

  const explainer = assignmentExplainerFromMeans(featureMeans, centroids, k);
  const logits = explainer.logits(z);
  const phi = explainer.explain(z).data;
  const segment = input.segment ?? argmax(logits, -1);
  if (!Number.isInteger(segment) || segment < 0 || segment >= k) throw new ExplainInputError(`segment ${segment} is not in 0..${k - 1}`);
  const runnerUp = k > 1 ? argmax(logits, segment) : null;

  const explainSegment = (c: number): SegmentExplanation => {
    const contributions = featureNames.map((feature, j): FeatureContribution => ({
      feature,
      value: original === undefined ? null : original[j],
      z: z[j],
      phi: phi[c * cols + j],
    }));
    const logitShift = contributions.reduce((sum, entry) => sum + entry.phi, 0);
    contributions.sort((a, b) => Math.abs(b.phi) - Math.abs(a.phi));
    return { segment: c, logit: logits[c], expectedLogit: explainer.expectedLogits[c], logitShift, contributions };
  };

  const segmentName = (c: number): string => `"${input.segmentNames?.[c] ?? `segment ${c + 1}`}"`;
  const describe = (j: number): string => {
    const label = featureMeta?.[j].label ?? featureNames[j];
    const side = z[j] > featureMeans[j] ? 'above' : 'below';
    if (original === undefined) return `${label} is ${side} average`;
    // One profile's flag is yes or no; "100% is above average" would read as a share.
    if (featureMeta?.[j].kind === 'flag') return `${label}: ${original[j] >= 0.5 ? 'yes' : 'no'}`;
    const value = featureMeta === undefined ? String(Number(original[j].toPrecision(4))) : formatFeatureValue(original[j], featureMeta[j]);
    return `${label} ${value} is ${side} average`;
  };
  const strongest = (score: (j: number) => number): number[] =>
    Array.from({ length: cols }, (_, j) => j)
      .filter((j) => score(j) > 0)
      .sort((a, b) => score(b) - score(a))
      .slice(0, maxReasons);

  const reasons = strongest((j) => phi[segment * cols + j]).map(
    (j) => `${describe(j)}: pulls towards ${segmentName(segment)} (+${round(phi[segment * cols + j])})`,
  );
  if (reasons.length === 0) reasons.push(`no feature pulls it towards ${segmentName(segment)} more than it pulls the average profile`);
  if (runnerUp !== null) {
    const margin = (j: number): number => phi[segment * cols + j] - phi[runnerUp * cols + j];
    const deciding = strongest(margin).map((j) => featureMeta?.[j].label ?? featureNames[j]);
    reasons.push(
      deciding.length > 0
        ? `in ${segmentName(segment)} rather than ${segmentName(runnerUp)} mainly because of ${joinWords(deciding)}`
        : `in ${segmentName(segment)} rather than ${segmentName(runnerUp)} although no single feature favours it over the average profile`,
    );
  }

  return {
    segment,
    logits: Array.from(logits),
    assigned: explainSegment(segment),
    runnerUp: runnerUp === null ? null : explainSegment(runnerUp),
    reasons,
  };
}

/** Index of the largest value, skipping `skip` (ties to the lower index). */
function argmax(values: Float64Array, skip: number): number {
  let best = -1;
  for (let c = 0; c < values.length; c++) {
    if (c !== skip && (best < 0 || values[c] > values[best])) best = c;
  }
  return best;
}

function round(value: number): string {
  return value.toFixed(2);
}

function joinWords(words: readonly string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
