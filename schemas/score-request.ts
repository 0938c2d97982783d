import { z } from 'zod';
import type { FeatureInput } from '../core/features/feature-columns.js';
import { CsvSyntaxError, parseCsv } from '../core/parse-csv.js';

const MAX_SCORE_RECORDS = 10_000;

/** Records to score against a model with these inputs: every feature named, and no other. */
export function scoreRequestSchema(inputs: readonly FeatureInput[]) {
  const known = inputs.map((input) => input.name).join(', ');
  const shape = Object.fromEntries(
    inputs.map((input) => {
      const missing = `missing feature '${input.name}'`;
      const value =
        input.levels === null
          ? z.number({ error: (issue) => (issue.input === undefined ? missing : `'${input.name}' must be a number`) })
          : z
              .string({
                error: (issue) =>
                  issue.input === undefined
                    ? missing
                    : `'${input.name}' is a category: a string (${input.levels!.join(', ')}; any other value counts as the last) or null for no level`,
              })
              .nullable();
      return [input.name, value];
    }),
  );
  return z.object({
    records: z
      .array(
        z.object({
          id: z.union([z.string().max(200), z.number()]).transform(String).optional(),
          // z.never() as catchall would turn into one issue for the whole object; this names each unknown key.
          features: z.object(shape).catchall(z.custom<never>(() => false, { error: `unknown feature; the model's features are ${known}` })),
        }),
      )
      .min(1, 'send at least one record')
      .max(MAX_SCORE_RECORDS, `at most ${MAX_SCORE_RECORDS} records per request`),
  });
}

/**
 * The same records as CSV text: a header row naming the features (and
 * optionally an `id` column), one record per row. Numeric fields are read as
 * numbers; an empty category field means no level.
 */
export function csvScoreRequestSchema(inputs: readonly FeatureInput[]) {
  const numeric = new Set(inputs.filter((input) => input.levels === null).map((input) => input.name));
  return z
    .string()
    .transform((text, context): unknown => {
      let rows: string[][];
      try {
        rows = [...parseCsv(text)].filter((fields) => !(fields.length === 1 && fields[0] === ''));
      } catch (error) {
        if (!(error instanceof CsvSyntaxError)) throw error;
        context.addIssue({ code: 'custom', message: `not valid CSV: ${error.message}`, input: text });
        return z.NEVER;
      }
      const [header = [], ...body] = rows;
      const records: Array<{ id?: string; features: Record<string, string | number | null> }> = [];
      for (const [index, fields] of body.entries()) {
        if (fields.length !== header.length) {
          context.addIssue({ code: 'custom', path: ['records', index], message: `CSV row ${index + 2} has ${fields.length} fields, the header has ${header.length}`, input: text });
          return z.NEVER;
        }
        const record: { id?: string; features: Record<string, string | number | null> } = { features: {} };
        header.forEach((name, j) => {
          if (name === 'id') record.id = fields[j];
          else record.features[name] = numeric.has(name) ? csvNumber(fields[j]) : fields[j] === '' ? null : fields[j];
        });
        records.push(record);
      }
      return { records };
    })
    .pipe(scoreRequestSchema(inputs));
}

/** A number when the field is one, else the text itself, so the record schema reports it by name. */
function csvNumber(field: string): number | string {
  const value = field.trim() === '' ? Number.NaN : Number(field);
  return Number.isFinite(value) ? value : field;
}
