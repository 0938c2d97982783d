import type { ColumnQuantiles, FeatureDistribution } from './column-quantiles.js';
import type { SegmentCompactness } from './feature-compactness.js';
import type { FeatureMeta } from './feature-meta.js';
import { formatFeatureValue, formatPercent } from './format-feature-value.js';
import type { SegmentStatistics } from './segment-statistics.js';
import type { SegmentShapleySummary } from './segment-shapley-summary.js';

export type FeatureLevel = 'high' | 'low' | 'typical';

/** A feature that characterises a segment, with its 10th-90th percentile range in original units. */
export interface SegmentHighlight {
  readonly feature: string;
  readonly level: FeatureLevel;
  readonly p10: number;
  readonly median: number;
  readonly p90: number;
  readonly mean: number;
  readonly compactness: number;
  /** Mean |phi| of the feature for the segment's logit. */
  readonly importance: number;
  /** 0.5 * importance / the segment's largest importance + 0.5 * max(compactness, 0). */
  readonly score: number;
  /** e.g. "8-10 website sessions", "mostly campaign search (82%)". */
  readonly text: string;
}

export interface SegmentDescription {
  readonly segment: number;
  /** Short, renameable: "High whitepapers · Low recency". */
  readonly name: string;
  /** The highlights' texts joined: "8-10 website sessions, at least 6 conversions, mostly campaign search (82%)". */
  readonly description: string;
  readonly highlights: SegmentHighlight[];
}

export interface DescribeSegmentsInput {
  readonly stats: SegmentStatistics;
  readonly quantiles: ColumnQuantiles;
  readonly compactness: readonly SegmentCompactness[];
  readonly shapley: readonly SegmentShapleySummary[];
  /** Resolved, in feature order (resolveFeatureMeta). */
  readonly meta: readonly FeatureMeta[];
  readonly featureNames: readonly string[];
  readonly maxHighlights?: number;
}

/** A flag segment share this far (absolute) from the population share counts as high/low. */
const FLAG_SHIFT = 0.15;
/** Fallback when the population quartiles tie (skewed counts): |mean shift| in population sds to count as high/low. */
const MEAN_SHIFT_SDS = 0.5;
const NAME_PARTS = 2;

/**
 * Words for every segment. Features are scored by importance (mean |phi|,
 * normalised within the segment) and compactness equally; the best-scoring
 * features that are high or low against the population make the highlights,
 * and the first two of those the name. A segment typical on everything is
 * described by its single best-scoring feature.
 */
export function describeSegments(input: DescribeSegmentsInput): SegmentDescription[] {
  const { stats, featureNames, maxHighlights = 3 } = input;
  const descriptions: SegmentDescription[] = [];
  for (let c = 0; c < stats.k; c++) {
    if (stats.sizes[c] === 0) {
      descriptions.push({ segment: c, name: `Empty segment ${c + 1}`, description: 'No profiles', highlights: [] });
      continue;
    }
    const candidates = featureNames.map((_, j) => ({ highlight: highlight(input, c, j), meta: input.meta[j] }));
    candidates.sort((a, b) => b.highlight.score - a.highlight.score);
    const distinctive = candidates.filter(
      (candidate) => candidate.highlight.level !== 'typical' && candidate.highlight.score > 0,
    );
    const chosen = distinctive.length > 0 ? distinctive.slice(0, maxHighlights) : candidates.slice(0, 1);
    const highlights = chosen.map((candidate) => candidate.highlight);
    const nameParts = chosen
      .filter((candidate) => candidate.highlight.level !== 'typical')
      .slice(0, NAME_PARTS)
      .map((candidate) => namePart(candidate.highlight, candidate.meta));
    const name = nameParts.length > 0 ? nameParts.join(' · ') : 'Typical profiles';
    descriptions.push({
      segment: c,
      name: capitalize(name),
      description: capitalize(highlights.map((entry) => entry.text).join(', ')),
      highlights,
    });
  }
  return dedupeNames(descriptions);
}

function highlight(input: DescribeSegmentsInput, c: number, j: number): SegmentHighlight {
  const { stats, quantiles, compactness, shapley, meta, featureNames } = input;
  const cols = stats.features;
  const feature = featureNames[j];
  const index = c * cols + j;
  const importances = shapley[c].features;
  const maxImportance = importances.length > 0 ? importances[0].meanAbs : 0;
  const importance = importances.find((entry) => entry.feature === feature)?.meanAbs ?? 0;
  const featureCompactness = compactness[c].features.find((entry) => entry.feature === feature)?.compactness ?? 0;
  const level = featureLevel(stats, quantiles, c, j, meta[j]);
  const p10 = quantiles.segmentP10[index];
  const median = quantiles.segmentP50[index];
  const p90 = quantiles.segmentP90[index];
  const mean = stats.means[index];
  return {
    feature,
    level,
    p10,
    median,
    p90,
    mean,
    compactness: featureCompactness,
    importance,
    score: 0.5 * (maxImportance > 0 ? importance / maxImportance : 0) + 0.5 * Math.max(0, featureCompactness),
    text: highlightText(meta[j], quantiles.population[j], level, p10, p90, mean),
  };
}

/**
 * High/low against the population: flags compare shares; other features
 * compare the segment median with the population quartiles (high: at or above
 * the upper quartile and above the median), falling back to the mean shift
 * when ties make the quartiles equal (mostly-zero counts).
 */
function featureLevel(
  stats: SegmentStatistics,
  quantiles: ColumnQuantiles,
  c: number,
  j: number,
  meta: FeatureMeta,
): FeatureLevel {
  const cols = stats.features;
  const mean = stats.means[c * cols + j];
  const populationMean = stats.populationMeans[j];
  const sd = stats.populationSds[j];
  if (sd === 0) return 'typical';
  if (meta.kind === 'flag') {
    if (mean - populationMean >= FLAG_SHIFT) return 'high';
    if (populationMean - mean >= FLAG_SHIFT) return 'low';
    return 'typical';
  }
  const median = quantiles.segmentP50[c * cols + j];
  const population = quantiles.population[j];
  if (population.p25 < population.p75) {
    if (median >= population.p75 && median > population.p50) return 'high';
    if (median <= population.p25 && median < population.p50) return 'low';
    return 'typical';
  }
  const shift = (mean - populationMean) / sd;
  if (shift >= MEAN_SHIFT_SDS) return 'high';
  if (shift <= -MEAN_SHIFT_SDS) return 'low';
  return 'typical';
}

function highlightText(
  meta: FeatureMeta,
  population: FeatureDistribution,
  level: FeatureLevel,
  p10: number,
  p90: number,
  mean: number,
): string {
  if (meta.kind === 'flag') return flagText(meta.label, mean);
  const reference = Math.max(Math.abs(p10), Math.abs(p90));
  const low = formatFeatureValue(p10, meta, reference);
  const high = formatFeatureValue(p90, meta, reference);
  // A segment spread over more than half the population's range and reaching its tail reads truer
  // open-ended ("at least 6 conversions") than as a wide range ("6-40 conversions").
  const wide = p90 - p10 > (population.p90 - population.p10) / 2;
  let range: string;
  if (low === high) range = low;
  // "at least 0 videos" says nothing; the mean is what makes the segment high.
  else if (wide && level === 'high' && p10 <= 0) range = `on average ${formatFeatureValue(mean, meta, reference)}`;
  else if (wide && level === 'high' && p90 >= population.p90) range = `at least ${low}`;
  else if (wide && level === 'low' && p10 <= population.p10) range = `at most ${high}`;
  else range = p10 < 0 || p90 < 0 ? `${low} to ${high}` : `${low}-${high}`;
  switch (meta.kind) {
    case 'days':
      return meta.higherIsMore === undefined ? `${range} ${meta.unit ?? 'days'} since ${meta.label}` : `${range} ${meta.unit ?? 'days'} ${meta.label}`;
    case 'number':
      return `${meta.label} ${range}${meta.unit === undefined ? '' : ` ${meta.unit}`}`;
    default:
      return `${range} ${meta.label}`;
  }
}

function flagText(label: string, share: number): string {
  if (share === 0) return `no ${label}`;
  let quantifier = 'rarely';
  if (share >= 0.9) quantifier = 'almost all';
  else if (share >= 0.5) quantifier = 'mostly';
  else if (share >= 0.1) quantifier = 'some';
  return `${quantifier} ${label} (${formatPercent(share)})`;
}

function namePart(entry: SegmentHighlight, meta: FeatureMeta): string {
  if (meta.kind === 'flag') return entry.level === 'high' ? meta.label : `no ${meta.label}`;
  // Days since an event, with no wording chosen: a low value means the event was recent.
  if (meta.kind === 'days' && meta.higherIsMore === undefined) return `${capitalize(meta.label)} ${entry.level === 'high' ? 'long ago' : 'recently'}`;
  const more = (entry.level === 'high') === (meta.higherIsMore ?? true);
  return `${more ? 'High' : 'Low'} ${meta.label}`;
}

function capitalize(text: string): string {
  return text.length > 0 ? text[0].toUpperCase() + text.slice(1) : text;
}

/** The marketer picks segments by name, so two segments must never share one. */
function dedupeNames(descriptions: SegmentDescription[]): SegmentDescription[] {
  const counts = new Map<string, number>();
  for (const entry of descriptions) counts.set(entry.name, (counts.get(entry.name) ?? 0) + 1);
  return descriptions.map((entry) =>
    (counts.get(entry.name) ?? 0) > 1 ? { ...entry, name: `${entry.name} #${entry.segment + 1}` } : entry,
  );
}
