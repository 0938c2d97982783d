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
  /** How reports word the values. */
  kind: z.enum(['count', 'amount', 'days', 'seconds', 'ratio', 'flag', 'number']),
  /** What a profile without any matching rows gets, and the reports say so. */
  missing: missingSchema.default('zero'),
};

const aggregateSchema = z
  .object({
    ...common,
    source: sourceName,
    aggregate: z.enum(['count', 'sum', 'avg', 'min', 'max', 'count_distinct', 'days_since_last', 'exists', 'count_per_day']),
    column: z.string().min(1).optional(),
    filter: filterSchema.optional(),
    /** Only rows in the last `days` days before the run's as-of time. */
    windowDays: z.number().int().min(1).max(3650).optional(),
  })
  .superRefine((definition, context) => {
    const columns: readonly string[] = sourceTables[definition.source];
    const needsColumn = !['count', 'exists', 'count_per_day'].includes(definition.aggregate);
    if (needsColumn && !definition.column) {
      context.addIssue({ code: 'custom', path: ['column'], message: `aggregate '${definition.aggregate}' needs a column` });
    }
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
    if (definition.aggregate === 'count_per_day' && !definition.windowDays) {
      context.addIssue({ code: 'custom', path: ['windowDays'], message: "aggregate 'count_per_day' needs windowDays" });
    }
  });

const ratioSchema = z.object({
  ...common,
  aggregate: z.literal('ratio'),
  numerator: featureName,
  denominator: featureName,
});

/** A declarative feature: an aggregate over one source table per profile, or a ratio of two features. */
export const featureDefinitionSchema = z.union([aggregateSchema, ratioSchema]);

export type FeatureDefinition = z.infer<typeof featureDefinitionSchema>;
export type AggregateFeatureDefinition = z.infer<typeof aggregateSchema>;
export type RatioFeatureDefinition = z.infer<typeof ratioSchema>;
export type FeatureDefinitionInput = z.input<typeof featureDefinitionSchema>;
