import { z } from 'zod';
import type { FeatureDistribution } from './column-quantiles.js';
import { ExplainInputError } from './errors.js';

export const featureKinds = ['count', 'amount', 'days', 'ratio', 'flag', 'number'] as const;
export type FeatureKind = (typeof featureKinds)[number];

/** How to word a feature: supplied by the marketer through the API, hence a schema. */
export const featureMetaSchema = z.object({
  label: z.string().min(1),
  /** Currency symbol or code for amounts ("$", "EUR"), unit word otherwise ("kg"). */
  unit: z.string().min(1).optional(),
  kind: z.enum(featureKinds),
  /** false when a larger number means less of what the label names (days since last visit vs "recency"). */
  higherIsMore: z.boolean().optional(),
});
export type FeatureMeta = z.infer<typeof featureMetaSchema>;

/**
 * Metadata for every feature, in feature order: supplied entries win, the rest
 * are inferred from the distribution (0/1 values: flag; non-negative integers:
 * count; within [0, 1]: ratio; else number) with the name as label.
 */
export function resolveFeatureMeta(
  featureNames: readonly string[],
  distributions: readonly FeatureDistribution[],
  supplied: Readonly<Record<string, FeatureMeta>> = {},
): FeatureMeta[] {
  for (const name of Object.keys(supplied)) {
    if (!featureNames.includes(name)) throw new ExplainInputError(`feature metadata for unknown feature ${name}`);
  }
  return featureNames.map((name, j) => {
    const given = supplied[name];
    if (given !== undefined) return featureMetaSchema.parse(given);
    return { label: name.replace(/[_-]+/g, ' ').trim() || name, kind: inferKind(distributions[j]) };
  });
}

function inferKind(distribution: FeatureDistribution): FeatureKind {
  const { min, max, integral } = distribution;
  if (integral && min >= 0 && max <= 1) return 'flag';
  if (integral && min >= 0) return 'count';
  if (min >= 0 && max <= 1) return 'ratio';
  return 'number';
}
