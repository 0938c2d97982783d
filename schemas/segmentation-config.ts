import { z } from 'zod';
import { defaultFeatureCatalog } from '../core/features/default-catalog.js';
import { featureDefinitionSchema } from './feature-definition.js';

const priorityWeightSchema = z.union([
  z.number().positive('a priority weight must be a positive number').max(1000),
  z.enum(['high', 'medium', 'low']),
]);

/**
 * A marketer's segmentation: which features, how much each matters, how many
 * segments. Defaults give a working segmentation with every catalog feature.
 */
export const segmentationConfigSchema = z
  .object({
    name: z.string().trim().min(1, 'name must not be empty').max(120),
    features: z
      .array(z.object({ name: z.string().min(1), weight: priorityWeightSchema.default(1) }))
      .min(1, 'choose at least one feature')
      .optional(),
    /** Extra feature definitions for this config, on top of the default catalog. */
    customFeatures: z.array(featureDefinitionSchema).max(100).default([]),
    k: z.union([z.number().int().min(2, 'k must be at least 2').max(50, 'k must be at most 50'), z.literal('auto')]).default('auto'),
    kRange: z
      .object({ min: z.number().int().min(2).max(50), max: z.number().int().min(2).max(50) })
      .refine((range) => range.min <= range.max, 'kRange.min must not exceed kRange.max')
      .default({ min: 2, max: 15 }),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(42),
    scaler: z.enum(['minmax', 'zscore', 'robust', 'none']).default('minmax'),
    algorithm: z.enum(['kmeans', 'bisecting']).default('kmeans'),
    /** k-means restarts from different seedings; the lowest inertia wins. */
    nInit: z.number().int().min(1).max(20).default(3),
    /** Bisecting k-means (Spark's parameters). */
    bisecting: z
      .object({
        maxIterations: z.number().int().min(1).max(1000).default(20),
        /** A count >= 1, or a fraction in (0, 1) of the profiles. */
        minDivisibleClusterSize: z.number().positive().default(1),
        strategy: z.enum(['biggestInertia', 'largestCluster']).default('biggestInertia'),
      })
      .default({ maxIterations: 20, minDivisibleClusterSize: 1, strategy: 'biggestInertia' }),
    /** Features are computed as of this time; default: the newest event in the sources. */
    asOf: z.iso.datetime({ offset: true }).optional(),
  })
  .superRefine((config, context) => {
    const known = new Set([...defaultFeatureCatalog, ...config.customFeatures].map((feature) => feature.name));
    config.customFeatures.forEach((feature, index) => {
      if (defaultFeatureCatalog.some((builtIn) => builtIn.name === feature.name)) {
        context.addIssue({ code: 'custom', path: ['customFeatures', index, 'name'], message: `'${feature.name}' is already a catalog feature` });
      }
    });
    const seen = new Set<string>();
    (config.features ?? []).forEach((feature, index) => {
      if (!known.has(feature.name)) {
        context.addIssue({
          code: 'custom',
          path: ['features', index, 'name'],
          message: `unknown feature '${feature.name}'; known features: ${[...known].join(', ')}`,
        });
      }
      if (seen.has(feature.name)) {
        context.addIssue({ code: 'custom', path: ['features', index, 'name'], message: `feature '${feature.name}' is listed twice` });
      }
      seen.add(feature.name);
    });
  });

export type SegmentationConfigInput = z.input<typeof segmentationConfigSchema>;
export type SegmentationConfig = z.output<typeof segmentationConfigSchema>;

/** The config with its feature list made explicit (all catalog features at weight 1 when none were chosen). */
export function featureSelection(config: SegmentationConfig): Array<{ name: string; weight: number | 'high' | 'medium' | 'low' }> {
  return config.features ?? defaultFeatureCatalog.map((feature) => ({ name: feature.name, weight: 1 }));
}
