import { sql, type RawBuilder } from 'kysely';
import { identityRecordKeys, type IdentityRecordSource, type SourceTableName } from '../../generator/source-tables.js';
import type { FeatureDefinition, SourceFeatureDefinition } from '../../schemas/feature-definition.js';
import { categoryLevels } from './feature-columns.js';

/**
 * How each source table reaches a profile: through the identity record it
 * belongs to (orders through their contact, page views through their
 * session, events through their product user).
 */
const sourceLinks: Record<SourceTableName, { recordSource: IdentityRecordSource; recordKey: string; time: string }> = {
  crm_contacts: { recordSource: 'crm_contacts', recordKey: identityRecordKeys.crm_contacts, time: 'updated_at' },
  crm_orders: { recordSource: 'crm_contacts', recordKey: 'contact_id', time: 'ordered_at' },
  web_sessions: { recordSource: 'web_sessions', recordKey: identityRecordKeys.web_sessions, time: 'started_at' },
  web_pageviews: { recordSource: 'web_sessions', recordKey: 'session_id', time: 'viewed_at' },
  product_users: { recordSource: 'product_users', recordKey: identityRecordKeys.product_users, time: 'created_at' },
  product_events: { recordSource: 'product_users', recordKey: 'product_user_id', time: 'occurred_at' },
};

export class FeatureCompileError extends Error {
  override readonly name = 'FeatureCompileError';
}

/** Orders definitions so ratio inputs exist, and checks that every ratio input is defined. */
export function resolveFeatureSet(names: readonly string[], catalog: readonly FeatureDefinition[]): FeatureDefinition[] {
  const byName = new Map(catalog.map((definition) => [definition.name, definition]));
  return names.map((name) => {
    const definition = byName.get(name);
    if (!definition) throw new FeatureCompileError(`unknown feature '${name}'`);
    if (definition.aggregate === 'ratio') {
      for (const input of [definition.numerator, definition.denominator]) {
        const part = byName.get(input);
        if (!part) throw new FeatureCompileError(`feature '${name}' divides by unknown feature '${input}'`);
        if (part.aggregate === 'ratio') throw new FeatureCompileError(`feature '${name}': ratios of ratios are not supported`);
        if (part.aggregate === 'mode') throw new FeatureCompileError(`feature '${name}' divides category '${input}', which has no numeric value`);
      }
    }
    return definition;
  });
}

/**
 * One set-based statement that computes every requested feature for every
 * profile in the identity map and inserts one row per profile into
 * segflow.run_features (values in the order of featureColumns(features):
 * a category becomes one 0/1 column per level).
 */
export function compileFeatureInsert(options: {
  runId: string;
  asOf: Date;
  features: readonly FeatureDefinition[];
  catalog: readonly FeatureDefinition[];
}): RawBuilder<unknown> {
  const { runId, asOf, features, catalog } = options;
  const byName = new Map(catalog.map((definition) => [definition.name, definition]));
  const aggregates = new Map<string, SourceFeatureDefinition>();
  for (const feature of features) {
    const parts = feature.aggregate === 'ratio' ? [byName.get(feature.numerator)!, byName.get(feature.denominator)!] : [feature];
    for (const part of parts) if (part.aggregate !== 'ratio') aggregates.set(part.name, part);
  }

  const ctes = [...aggregates.values()].map(
    (definition) => sql`${sql.id(`f_${definition.name}`)} as (${aggregateQuery(definition, asOf)})`,
  );
  const joins = [...aggregates.keys()].map(
    (name) => sql`left join ${sql.id(`f_${name}`)} on ${sql.id(`f_${name}`)}.profile_id = p.profile_id`,
  );
  const rawColumns = features.map((feature, index) => sql`${rawValue(feature)} as ${sql.id(`c${index}`)}`);
  const medianColumns = features.map(
    (_feature, index) => sql`percentile_cont(0.5) within group (order by ${sql.id(`c${index}`)}) as ${sql.id(`c${index}`)}`,
  );
  const finalValues = features.flatMap((feature, index) => (feature.aggregate === 'mode' ? oneHot(feature.levels.length, index) : [imputed(feature, index)]));

  return sql`
    with profiles as (select distinct profile_id from segflow.identity_map),
    ${sql.join(ctes, sql`,\n`)},
    raw as (
      select p.profile_id, ${sql.join(rawColumns)}
      from profiles p
      ${sql.join(joins, sql`\n`)}
    ),
    medians as (select ${sql.join(medianColumns)} from raw)
    insert into segflow.run_features (run_id, profile_id, feature_values)
    select ${runId}, raw.profile_id, array[${sql.join(finalValues)}]::double precision[]
    from raw cross join medians
  `;
}

function aggregateQuery(definition: SourceFeatureDefinition, asOf: Date): RawBuilder<unknown> {
  const link = sourceLinks[definition.source];
  const table = sql.table(`sources.${definition.source}`);
  const column = definition.column ? sql.ref(`s.${definition.column}`) : undefined;
  const time = sql.ref(`s.${link.time}`);
  const conditions = [sql`${time} <= ${asOf}`];
  if (definition.windowDays) conditions.push(sql`${time} > ${asOf}::timestamptz - make_interval(days => ${definition.windowDays})`);
  if (definition.filter) {
    conditions.push(sql`${sql.ref(`s.${definition.filter.column}`)}::text in (${sql.join(definition.filter.in.map(String))})`);
  }
  return sql`
    select m.profile_id, (${aggregateExpression(definition, column, asOf)})::double precision as value
    from ${table} s
    join segflow.identity_map m on m.source = ${link.recordSource} and m.record_id = ${sql.ref(`s.${link.recordKey}`)}
    where ${sql.join(conditions, sql` and `)}
    group by m.profile_id`;
}

function aggregateExpression(
  definition: SourceFeatureDefinition,
  column: RawBuilder<unknown> | ReturnType<typeof sql.ref> | undefined,
  asOf: Date,
): RawBuilder<unknown> {
  switch (definition.aggregate) {
    case 'count':
      return sql`count(*)`;
    case 'exists':
      return sql`1`;
    case 'count_per_day':
      return sql`count(*)::double precision / ${definition.windowDays!}`;
    case 'count_distinct':
      return sql`count(distinct ${column})`;
    case 'days_since_last':
      return sql`extract(epoch from (${asOf}::timestamptz - max(${column}))) / 86400`;
    case 'sum':
      return sql`sum(${column}::double precision)`;
    case 'avg':
      return sql`avg(${column}::double precision)`;
    case 'min':
      return sql`min(${column}::double precision)`;
    case 'max':
      return sql`max(${column}::double precision)`;
    case 'mode': {
      // The level's column index (values outside the levels: `other`, the last);
      // mode() over sorted input keeps the first of equally frequent values, so ties go to the level listed first.
      const levels = categoryLevels(definition);
      const other = levels.length - 1;
      const whens = levels.slice(0, other).map((level, index) => sql`when ${level} then ${sql.lit(index)}`);
      return sql`mode() within group (order by case ${column}::text ${sql.join(whens, sql` `)} else ${sql.lit(other)} end)`;
    }
  }
}

function rawValue(feature: FeatureDefinition): RawBuilder<unknown> {
  if (feature.aggregate === 'ratio') {
    return sql`${sql.ref(`f_${feature.numerator}.value`)} / nullif(${sql.ref(`f_${feature.denominator}.value`)}, 0)`;
  }
  return sql`${sql.ref(`f_${feature.name}.value`)}`;
}

/** A category's level index as one 0/1 column per level; no rows (null) means no level, every column 0. */
function oneHot(listedLevels: number, index: number): RawBuilder<unknown>[] {
  const raw = sql.ref(`raw.c${index}`);
  return Array.from({ length: listedLevels + 1 }, (_, level) => sql`(case when ${raw} = ${sql.lit(level)} then 1 else 0 end)`);
}

function imputed(feature: Exclude<FeatureDefinition, { aggregate: 'mode' }>, index: number): RawBuilder<unknown> {
  const raw = sql.ref(`raw.c${index}`);
  const missing = feature.missing;
  if (missing === 'zero') return sql`coalesce(${raw}, 0)`;
  if (missing === 'median') return sql`coalesce(${raw}, ${sql.ref(`medians.c${index}`)}, 0)`;
  return sql`coalesce(${raw}, ${missing.constant}::double precision)`;
}
