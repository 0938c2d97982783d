import { sql } from 'kysely';
import {
  assignStableProfileIds,
  buildQualityReport,
  compileIdentityRules,
  parseIdentityRules,
  profileComponents,
  resolveIdentities as resolveIdentityGraph,
  type QualityReport,
} from '../core/identity/index.js';
import { identityRecordKeys } from '../generator/source-tables.js';
import type { SegflowDatabase } from '../db/open-database.js';
import { readIdentityRecords } from '../db/repositories/identity-record-reader.js';
import { heartbeat } from './activity-progress.js';
import { runStepOnce } from './run-step.js';

export interface ResolveIdentitiesResult {
  records: number;
  profiles: number;
  created: number;
  merged: number;
  split: number;
  removed: number;
  changedRecords: number;
  quality: QualityReport;
}

const STEP = 'resolveIdentities';

export class IdentityMapChangedError extends Error {
  override readonly name = 'IdentityMapChangedError';
}

/**
 * Resolves every identity record into profiles and applies the result to the
 * persisted identity map: profile ids stay stable across runs (older id
 * survives a merge, largest part keeps the id on a split), and every change
 * lands in merge_history with the run and the reason.
 */
export async function resolveIdentities(database: SegflowDatabase, runId: string): Promise<ResolveIdentitiesResult> {
  return runStepOnce(database, runId, STEP, async () => {
    const state = await database.db.selectFrom('segflow.identity_state').select('version').executeTakeFirstOrThrow();
    const compiled = compileIdentityRules(parseIdentityRules());
    const records = await readIdentityRecords(database, compiled, (count) =>
      heartbeat({ step: STEP, percent: 5, message: `read ${count} identity records` }),
    );
    heartbeat({ step: STEP, percent: 30, message: `resolving ${records.recordIds.length} records` });
    const resolution = resolveIdentityGraph(records.input, compiled);

    const previousIds = await database.db
      .selectFrom('segflow.profiles')
      .select('profile_id')
      .where('merged_into', 'is', null)
      .where('retired_run_id', 'is', null)
      .execute();
    const createdOrder = new Map(previousIds.map((row) => [String(row.profile_id), Number(row.profile_id)]));
    const { rows: maxRows } = await sql<{ max: number | null }>`select max(profile_id) as max from segflow.profiles`.execute(database.db);
    let nextId = Number(maxRows[0].max ?? 0) + 1;
    const previousProfileIdOf = Array.from(records.previousProfile, (id) => (id < 0 ? null : String(id)));
    const stable = assignStableProfileIds(profileComponents(resolution), { profileIdOf: previousProfileIdOf, createdOrder }, () =>
      String(nextId++),
    );
    const quality = buildQualityReport(resolution);
    heartbeat({ step: STEP, percent: 60, message: `writing ${resolution.profileCount} profiles` });

    await database.db.deleteFrom('segflow.identity_map_staging').where('run_id', '=', runId).execute();
    let changedRecords = 0;
    await database.copyIn('segflow.identity_map_staging', ['run_id', 'source', 'record_id', 'profile_id'], changedRows());
    function* changedRows(): Generator<[string, string, string, string]> {
      for (let r = 0; r < records.recordIds.length; r++) {
        if (stable.profileIdOf[r] === previousProfileIdOf[r]) continue;
        changedRecords++;
        yield [runId, records.sources[r], records.recordIds[r], stable.profileIdOf[r]];
      }
    }
    heartbeat({ step: STEP, percent: 80, message: `applying ${changedRecords} changed records` });

    const counts = { created: 0, merged: 0, split: 0, removed: 0 };
    await database.db.transaction().execute(async (transaction) => {
      const current = await sql<{ version: number }>`select version from segflow.identity_state for update`.execute(transaction);
      if (Number(current.rows[0].version) !== Number(state.version)) {
        throw new IdentityMapChangedError('another run applied an identity resolution meanwhile; this step will be retried on the new map');
      }
      if (stable.createdIds.length > 0) {
        await sql`
          insert into segflow.profiles (profile_id, created_run_id)
          select id, ${runId} from unnest(${stable.createdIds.map(Number)}::bigint[]) as id`.execute(transaction);
      }
      await sql`
        insert into segflow.identity_map (source, record_id, profile_id)
        select source, record_id, profile_id from segflow.identity_map_staging where run_id = ${runId}
        on conflict (source, record_id) do update set profile_id = excluded.profile_id`.execute(transaction);
      for (const [source, keyColumn] of Object.entries(identityRecordKeys)) {
        await sql`
          delete from segflow.identity_map m
          where m.source = ${source}
            and not exists (select 1 from ${sql.table(`sources.${source}`)} s where ${sql.ref(`s.${keyColumn}`)} = m.record_id)`.execute(
          transaction,
        );
      }
      const history = stable.changes.filter((change) => change.kind !== 'unchanged');
      for (const change of history) if (change.kind in counts) counts[change.kind as keyof typeof counts]++;
      const merged = history.filter((change) => change.kind === 'merged');
      if (merged.length > 0) {
        await sql`
          update segflow.profiles p set merged_into = m.into_id
          from unnest(${merged.map((change) => Number(change.profileId))}::bigint[], ${merged.map((change) => Number(change.intoProfileId))}::bigint[])
            as m(profile_id, into_id)
          where p.profile_id = m.profile_id`.execute(transaction);
      }
      const removed = history.filter((change) => change.kind === 'removed').map((change) => Number(change.profileId));
      if (removed.length > 0) {
        await sql`
          update segflow.profiles set retired_run_id = ${runId}
          where profile_id = any(${removed}::bigint[])`.execute(transaction);
      }
      if (history.length > 0) {
        await sql`
          insert into segflow.merge_history (run_id, change, profile_id, other_profile_id, reason)
          select ${runId}, change, profile_id, other_profile_id, reason
          from unnest(
            ${history.map((change) => change.kind)}::text[],
            ${history.map((change) => Number(change.profileId))}::bigint[],
            ${history.map((change) => (change.intoProfileId === undefined ? null : Number(change.intoProfileId)))}::bigint[],
            ${history.map((change) => change.reason)}::text[]
          ) as h(change, profile_id, other_profile_id, reason)`.execute(transaction);
      }
      await transaction.deleteFrom('segflow.identity_map_staging').where('run_id', '=', runId).execute();
      await transaction
        .updateTable('segflow.identity_state')
        .set({ version: Number(state.version) + 1, last_run_id: runId })
        .execute();
    });
    return {
      records: records.recordIds.length,
      profiles: resolution.profileCount,
      ...counts,
      changedRecords,
      quality,
    };
  });
}
