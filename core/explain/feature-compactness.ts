import type { SegmentStatistics } from './segment-statistics.js';

/** How tightly one segment holds one feature compared with the whole population. */
export interface FeatureCompactness {
  readonly feature: string;
  /** 1 - sd_segment / sd_population: 1 = a single value, 0 = as spread as everyone, negative = more spread. */
  readonly compactness: number;
  readonly segmentSd: number;
  readonly populationSd: number;
}

export interface SegmentCompactness {
  readonly segment: number;
  /** Most characteristic (highest compactness) first; empty for an empty segment. */
  readonly features: FeatureCompactness[];
}

/**
 * Relative feature compactness per segment, ranked. A feature that is constant
 * over the population (sd = 0) gets compactness 0: every segment holds it
 * "perfectly", so it characterises none of them (and 0/0 is avoided).
 */
export function featureCompactness(stats: SegmentStatistics, featureNames: readonly string[]): SegmentCompactness[] {
  const { k, features: cols, sizes, sds, populationSds } = stats;
  const result: SegmentCompactness[] = [];
  for (let c = 0; c < k; c++) {
    const features: FeatureCompactness[] = [];
    if (sizes[c] > 0) {
      for (let j = 0; j < cols; j++) {
        const segmentSd = sds[c * cols + j];
        const populationSd = populationSds[j];
        const compactness = populationSd > 0 ? 1 - segmentSd / populationSd : 0;
        features.push({ feature: featureNames[j], compactness, segmentSd, populationSd });
      }
      features.sort((a, b) => b.compactness - a.compactness);
    }
    result.push({ segment: c, features });
  }
  return result;
}
