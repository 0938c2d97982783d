import { sql } from 'kysely';
import { compileFeatureInsert } from '../core/features/compile-feature-query.js';
import { featureColumns } from '../core/features/feature-columns.js';
import type { SegflowDatabase } from '../db/open-database.js';
import { loadRunContext, newestSourceEvent } from '../db/repositories/run-repository.js';
import { runStepOnce } from './run-step.js';

export interface BuildFeaturesResult {
  /** Matrix column names: a category has one `feature=level` column per level. */
  featureNames: string[];
  asOf: string;
  profiles: number;
}

/** Computes every feature of the run for every profile, in one set-based statement. */
export async function buildFeatures(database: SegflowDatabase, runId: string): Promise<BuildFeaturesResult> {
  return runStepOnce(database, runId, 'buildFeatures', async () => {
    const context = await loadRunContext(database, runId);
    const asOf = context.config.asOf ? new Date(context.config.asOf) : await newestSourceEvent(database);
    const insert = compileFeatureInsert({ runId, asOf, features: context.features, catalog: context.catalog });
    // The identity step just rewrote the map: without fresh statistics the planner may pick
    // nested loops over it (hours instead of seconds at a million profiles).
    await sql`analyze segflow.identity_map`.execute(database.db);
    const profiles = await database.db.transaction().execute(async (transaction) => {
      await transaction.deleteFrom('segflow.run_features').where('run_id', '=', runId).execute();
      await insert.execute(transaction);
      const { rows } = await sql<{ count: number }>`
        select count(*)::int as count from segflow.run_features where run_id = ${runId}`.execute(transaction);
      return rows[0].count;
    });
    return { featureNames: featureColumns(context.features).map((column) => column.name), asOf: asOf.toISOString(), profiles };
  });
}
