import { z } from 'zod';
import { sourceTables, type SourceTableName } from '../generator/source-tables.js';

const featureName = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,62}$/, 'feature names are lowercase snake_case (a-z, 0-9, _), starting with a letter');

const sourceName = z.enum(Object.keys(sourceTables) as [SourceTableName, ...SourceTableName[]]);

const filterSchema = z.object({
  column: z.string().min(1),
  /** Keep rows whose column equals one of these values. */
  in: z.array(z.union([z.string(), z.number()])).min(1),
});

const missingSchema = z.union([
  z.literal('zero'),
  z.literal('median'),
  z.object({ constant: z.number().finite() }),
]);

const common = {
  name: featureName,
  label: z.string().min(1).max(80),
  /** What a profile without any matching rows gets, and the reports say so. */
  missing: missingSchema.default('zero'),
};

/** How reports word the values of a numeric feature. */
const numericKind = z.enum(['count', 'amount', 'days', 'seconds', 'ratio', 'flag', 'number']);

const sourceFields = {
  source: sourceName,
  column: z.string().min(1).optional(),
  filter: filterSchema.optional(),
  /** Only rows in the last `days` days before the run's as-of time. */
  windowDays: z.number().int().min(1).max(3650).optional(),
};

/** Every column a definition names must exist in its source table. */
function checkSourceColumns(
  definition: { source: SourceTableName; column?: string | undefined; filter?: { column: string } | undefined },
  context: z.RefinementCtx,
): void {
  const columns: readonly string[] = sourceTables[definition.source];
  if (definition.column && !columns.includes(definition.column)) {
    context.addIssue({
      code: 'custom',
      path: ['column'],
      message: `${definition.source} has no column '${definition.column}'; columns: ${columns.join(', ')}`,
    });
  }
  if (definition.filter && !columns.includes(definition.filter.column)) {
    context.addIssue({
      code: 'custom',
      path: ['filter', 'column'],
      message: `${definition.source} has no column '${definition.filter.column}'; columns: ${columns.join(', ')}`,
    });
  }
}

const aggregateSchema = z
  .object({
    ...common,
    ...sourceFields,
    kind: numericKind,
    aggregate: z.enum(['count', 'sum', 'avg', 'min', 'max', 'count_distinct', 'days_since_last', 'exists', 'count_per_day']),
  })
  .superRefine((definition, context) => {
    const needsColumn = !['count', 'exists', 'count_per_day'].includes(definition.aggregate);
    if (needsColumn && !definition.column) {
      context.addIssue({ code: 'custom', path: ['column'], message: `aggregate '${definition.aggregate}' needs a column` });
    }
    checkSourceColumns(definition, context);
    if (definition.aggregate === 'count_per_day' && !definition.windowDays) {
      context.addIssue({ code: 'custom', path: ['windowDays'], message: "aggregate 'count_per_day' needs windowDays" });
    }
  });

/** The level every value outside a category's `levels` falls into. */
export const OTHER_LEVEL = 'other';

/**
 * A categorical feature: the most frequent value of a column (ties go to the
 * level listed first), one-hot encoded over `levels` plus `other`. A profile
 * without matching rows has no level at all (every column 0), which is the
 * only missing-value policy a category has.
 */
const categorySchema = z
  .object({
    ...sourceFields,
    name: featureName,
    label: common.label,
    kind: z.literal('category'),
    aggregate: z.literal('mode'),
    column: z.string().min(1),
    levels: z
      .array(z.string().min(1).max(60))
      .min(1)
      .max(50)
      .refine((levels) => new Set(levels).size === levels.length, 'levels must be distinct')
      .refine((levels) => !levels.includes(OTHER_LEVEL), `'${OTHER_LEVEL}' is implied: values outside the levels fall into it`),
    missing: z.literal('zero', { error: 'a category without rows has no level (every column 0): missing must be zero' }).default('zero'),
  })
  .superRefine(checkSourceColumns);

const ratioSchema = z.object({
  ...common,
  kind: numericKind,
  aggregate: z.literal('ratio'),
  numerator: featureName,
  denominator: featureName,
});

/** A declarative feature: an aggregate or a category over one source table per profile, or a ratio of two features. */
export const featureDefinitionSchema = z.union([aggregateSchema, categorySchema, ratioSchema]);

export type FeatureDefinition = z.infer<typeof featureDefinitionSchema>;
export type AggregateFeatureDefinition = z.infer<typeof aggregateSchema>;
export type CategoryFeatureDefinition = z.infer<typeof categorySchema>;
/** A feature computed from one source table (everything but a ratio). */
export type SourceFeatureDefinition = AggregateFeatureDefinition | CategoryFeatureDefinition;
export type RatioFeatureDefinition = z.infer<typeof ratioSchema>;
export type FeatureDefinitionInput = z.input<typeof featureDefinitionSchema>;
