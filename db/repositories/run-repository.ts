import { sql } from 'kysely';
import { defaultFeatureCatalog } from '../../core/features/default-catalog.js';
import { resolveFeatureSet } from '../../core/features/compile-feature-query.js';
import { resolvePriorityWeight } from '../../core/scaling/priority-weights.js';
import type { FeatureDefinition } from '../../schemas/feature-definition.js';
import { featureSelection, segmentationConfigSchema, type SegmentationConfig } from '../../schemas/segmentation-config.js';
import type { SegflowDatabase } from '../open-database.js';

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/** What every step of a run needs to know about it. */
export interface RunContext {
  runId: string;
  configId: string;
  config: SegmentationConfig;
  /** Catalog plus the config's custom features. */
  catalog: FeatureDefinition[];
  /** The features of this run, in column order. */
  features: FeatureDefinition[];
  weights: number[];
}

export async function loadRunContext(database: SegflowDatabase, runId: string): Promise<RunContext> {
  const row = await database.db
    .selectFrom('segflow.runs as r')
    .innerJoin('segflow.configs as c', 'c.config_id', 'r.config_id')
    .select(['r.run_id', 'r.config_id', 'c.spec'])
    .where('r.run_id', '=', runId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError(`run ${runId} does not exist`);
  const config = segmentationConfigSchema.parse(row.spec);
  const catalog = [...defaultFeatureCatalog, ...config.customFeatures];
  const selection = featureSelection(config);
  return {
    runId,
    configId: row.config_id,
    config,
    catalog,
    features: resolveFeatureSet(
      selection.map((feature) => feature.name),
      catalog,
    ),
    weights: selection.map((feature) => resolvePriorityWeight(feature.weight)),
  };
}

/** The stored result of a finished step of a run, or undefined while it has not finished. */
export async function findStepResult<Result>(database: SegflowDatabase, runId: string, step: string): Promise<Result | undefined> {
  const row = await database.db
    .selectFrom('segflow.run_steps')
    .select('result')
    .where('run_id', '=', runId)
    .where('step', '=', step)
    .executeTakeFirst();
  return row?.result as Result | undefined;
}

/** The stored result of a finished step of a run. */
export async function loadStepResult<Result>(database: SegflowDatabase, runId: string, step: string): Promise<Result> {
  const result = await findStepResult<Result>(database, runId, step);
  if (result === undefined) throw new NotFoundError(`run ${runId} has not finished step ${step}`);
  return result;
}

/** Newest event time over all sources: the default as-of time, so reruns on the same data give the same features. */
export async function newestSourceEvent(database: SegflowDatabase): Promise<Date> {
  const { rows } = await sql<{ newest: Date | string | null }>`
    select greatest(
      (select max(updated_at) from sources.crm_contacts),
      (select max(ordered_at) from sources.crm_orders),
      (select max(started_at) from sources.web_sessions),
      (select max(viewed_at) from sources.web_pageviews),
      (select max(created_at) from sources.product_users),
      (select max(occurred_at) from sources.product_events)
    ) as newest`.execute(database.db);
  const newest = rows[0]?.newest;
  if (!newest) throw new NotFoundError('the source tables are empty: load data (or run `segflow generate`) first');
  return new Date(newest);
}
