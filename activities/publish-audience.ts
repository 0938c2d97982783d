import { sql } from 'kysely';
import type { SegflowDatabase } from '../db/open-database.js';
import { loadRunContext } from '../db/repositories/run-repository.js';
import { runStepOnce } from './run-step.js';

export interface PublishAudienceResult {
  audienceId: string;
  version: number;
  profiles: number;
  segments: number;
}

/**
 * Publishes the run as a new version of its config's audience. Members,
 * segments and the switch of `current_version` commit together, so readers
 * (the API and the activation.current_audience_members view) see either the
 * old version or the new one, never half of one. A run publishes once: a
 * retry finds its version by run id.
 */
export async function publishAudience(database: SegflowDatabase, runId: string): Promise<PublishAudienceResult> {
  return runStepOnce(database, runId, 'publishAudience', async () => {
    const context = await loadRunContext(database, runId);
    const audienceId = context.configId;
    return database.db.transaction().execute(async (transaction) => {
      await transaction
        .insertInto('activation.audiences')
        .values({ audience_id: audienceId, config_id: context.configId, name: context.config.name })
        .onConflict((conflict) => conflict.column('audience_id').doNothing())
        .execute();
      // Serializes publishers of the same audience.
      await sql`select 1 from activation.audiences where audience_id = ${audienceId} for update`.execute(transaction);
      const existing = await transaction
        .selectFrom('activation.audience_versions')
        .select(['version', 'profile_count', 'segment_count'])
        .where('run_id', '=', runId)
        .executeTakeFirst();
      if (existing) {
        return { audienceId, version: existing.version, profiles: existing.profile_count, segments: existing.segment_count };
      }
      const { rows } = await sql<{ version: number; profiles: number; segments: number }>`
        select
          coalesce((select max(version) from activation.audience_versions where audience_id = ${audienceId}), 0) + 1 as version,
          (select count(*)::int from segflow.run_assignments where run_id = ${runId}) as profiles,
          (select count(*)::int from segflow.run_segments where run_id = ${runId}) as segments`.execute(transaction);
      const { version, profiles, segments } = rows[0];
      await transaction
        .insertInto('activation.audience_versions')
        .values({ audience_id: audienceId, version, run_id: runId, profile_count: profiles, segment_count: segments })
        .execute();
      await sql`
        insert into activation.audience_segments (audience_id, version, segment_id, name, description, size)
        select ${audienceId}, ${version}::int, segment_id, name, description, size
        from segflow.run_segments where run_id = ${runId}`.execute(transaction);
      await sql`
        insert into activation.audience_members (audience_id, version, segment_id, profile_id)
        select ${audienceId}, ${version}::int, s.segment_id, a.profile_id
        from segflow.run_assignments a
        join segflow.run_segments s on s.run_id = a.run_id and s.segment = a.segment
        where a.run_id = ${runId}`.execute(transaction);
      await transaction
        .updateTable('activation.audiences')
        .set({ current_version: version, name: context.config.name, updated_at: new Date() })
        .where('audience_id', '=', audienceId)
        .execute();
      return { audienceId, version, profiles, segments };
    });
  });
}
