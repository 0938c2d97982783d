import { createHash } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { ProfileChange } from '../../core/identity/assign-stable-profile-ids.js';
import { encodeCopyValue } from '../copy-text.js';
import type { DatabaseSchema } from '../database-schema.js';
import type { SegflowDatabase } from '../open-database.js';
import { runMaintenance } from '../run-maintenance.js';
import { inCandidateComponents } from '../sql-literal.js';
import { valueColumns } from './identity-value-rows.js';

/** Everything a refresh applies, computed before the apply transaction. */
export interface IdentityMapUpdate {
  readonly runId: string;
  readonly mode: 'full' | 'incremental';
  /** identity_state.version the update was computed from. */
  readonly baseVersion: number;
  readonly watermark: number;
  readonly rulesFingerprint: string;
  readonly rulesVersion: number;
  /**
   * COPY text of the map rows (source, record_id, profile_id, candidate_id) of
   * every resolved record, the whole map in a full refresh; each line starts
   * with `linePrefix` (the staging tables' run id column).
   */
  readonly mapText: (linePrefix: string) => Iterable<string | Uint8Array>;
  /**
   * Full refresh: the value table's build, started before resolution (see
   * startValuesBuild); incremental: COPY text of the value rows (value_key,
   * source, record_id) of the resolved records' linking values, each line
   * starting with `linePrefix`.
   */
  readonly values: { readonly built: Promise<void> } | { readonly text: (linePrefix: string) => Iterable<string | Uint8Array> };
  /** Incremental: the old candidate components resolved again; their map rows this refresh did not write belong to deleted records. */
  readonly candidateIds: readonly number[];
  /** Incremental: keys of the values of the resolved records, whose old rows are replaced. */
  readonly valueKeys: readonly number[];
  /** Profile ids allocated by this refresh: first, first + 1, ... (the allocator counts up). */
  readonly createdIds: { readonly first: number; readonly count: number };
  /** The created ids split off an existing profile (the others hold only new records). */
  readonly splitOffIds: readonly number[];
  readonly changes: readonly ProfileChange[];
  readonly summary: unknown;
  readonly quality: unknown;
}

const splitOffReason = 'split off an existing profile';

export class IdentityMapChangedError extends Error {
  override readonly name = 'IdentityMapChangedError';
}

export interface AppliedIdentityMap {
  readonly created: number;
  readonly merged: number;
  readonly split: number;
  readonly removed: number;
}

/**
 * Applies a refresh in one transaction under the identity_state version
 * check, so two refreshes computed from the same state cannot both apply and
 * readers see the old map or the new one. Rows travel by COPY first: a full
 * refresh into fresh tables indexed after loading (building an index over
 * sorted data is several times cheaper than millions of index inserts) that
 * the transaction swaps in; an incremental one into staging rows keyed by
 * run, merged by set-based statements. Either way a retry first drops what an
 * interrupted attempt left.
 */
export async function applyIdentityMapUpdate(database: SegflowDatabase, update: IdentityMapUpdate): Promise<AppliedIdentityMap> {
  const counts = { created: 0, merged: 0, split: 0, removed: 0 };
  const tables = buildTableNames(update.runId);
  // A full refresh builds its tables on other connections while the apply
  // transaction inserts the new profiles: both are PostgreSQL's work, so they
  // share the cores. The embedded database has one connection: one at a time.
  const built = update.mode === 'full' ? buildFullTables(database, tables, update) : stageIncrementalRows(database, update);
  if (database.kind === 'embedded') await built;
  // Awaited inside the transaction; this keeps a failure while the transaction waits on something else from counting as unhandled.
  built.catch(() => {});
  try {
    await database.db.transaction().execute(async (transaction) => {
      const current = await sql<{ version: number }>`select version from segflow.identity_state for update`.execute(transaction);
      if (Number(current.rows[0].version) !== update.baseVersion) {
        throw new IdentityMapChangedError('the identity map or its sources changed meanwhile (another refresh, a truncate); this step will be retried on the new state');
      }
      await insertCreatedProfiles(transaction, update);
      await built;
      if (update.mode === 'full') await swapInFullTables(transaction, tables);
      else await mergeIncrementalRows(transaction, update);
      await recordChanges(transaction, update, counts);
      await sql`
        insert into segflow.identity_runs (run_id, mode, watermark, rules_version, summary, quality)
        values (${update.runId}, ${update.mode}, ${update.watermark}, ${update.rulesVersion}, ${JSON.stringify(update.summary)}::jsonb, ${JSON.stringify(update.quality)}::jsonb)
        on conflict (run_id) do update set mode = excluded.mode, watermark = excluded.watermark, rules_version = excluded.rules_version,
          summary = excluded.summary, quality = excluded.quality, created_at = now()`.execute(transaction);
      await sql`delete from segflow.identity_deletions where ingest_seq <= ${update.watermark}`.execute(transaction);
      await sql`
        update segflow.identity_state
        set version = version + 1, last_run_id = ${update.runId}, watermark = ${update.watermark}, rules_fingerprint = ${update.rulesFingerprint}`.execute(transaction);
    });
  } finally {
    // Never return while the build still runs behind a failed transaction; the error thrown is the transaction's.
    await Promise.allSettled([built]);
  }
  return counts;
}

interface BuildTables {
  readonly map: string;
  readonly values: string;
}

/** Per-run names, so concurrent refreshes never share a build table (the version check lets one of them apply). */
export function buildTableNames(runId: string): BuildTables {
  const suffix = createHash('sha256').update(runId).digest('hex').slice(0, 16);
  return { map: `identity_map_build_${suffix}`, values: `identity_values_build_${suffix}` };
}

async function buildFullTables(database: SegflowDatabase, tables: BuildTables, update: IdentityMapUpdate): Promise<void> {
  if (!('built' in update.values)) throw new TypeError('a full refresh builds its value table beforehand (startValuesBuild)');
  const map = sql.table(`segflow.${tables.map}`);
  await sql`drop table if exists ${map}`.execute(database.db);
  // The value table was loaded while the resolver ran. The map's two long
  // builds, its primary key and profile index, start together on two
  // connections; the small partial candidate index follows the primary key,
  // which ends first, so the profile index alone is the tail. The map is
  // analyzed once built (analyze waits for index builds anyway): swapped in
  // without statistics, the next reads were planned on default estimates.
  const mapBuilt = database
    .createTableFromText(
      `create table segflow.${tables.map} (source text collate "C" not null, record_id text collate "C" not null, profile_id bigint not null, candidate_id bigint)`,
      `segflow.${tables.map}`,
      ['source', 'record_id', 'profile_id', 'candidate_id'],
      update.mapText(''),
    )
    .then(() =>
      Promise.all([
        runMaintenance(database, sql`alter table ${map} add constraint ${sql.id(`${tables.map}_pkey`)} primary key (record_id, source)`).then(() =>
          runMaintenance(database, sql`create index ${sql.id(`${tables.map}_candidate`)} on ${map} (candidate_id) where candidate_id <> profile_id`),
        ),
        runMaintenance(database, sql`create index ${sql.id(`${tables.map}_profile`)} on ${map} (profile_id)`),
      ]),
    )
    .then(() => runMaintenance(database, sql`analyze ${map}`));
  // Both settle before a failure is thrown, so a retry never drops a table still being loaded.
  const settled = await Promise.allSettled([mapBuilt, update.values.built]);
  for (const result of settled) if (result.status === 'rejected') throw result.reason;
}

/** Replaces identity_map and identity_values by the build tables, under the names and constraints of migrations 0001/0002. */
async function swapInFullTables(transaction: Transaction<DatabaseSchema>, tables: BuildTables): Promise<void> {
  await sql`drop table segflow.identity_map, segflow.identity_values`.execute(transaction);
  await sql`alter table ${sql.table(`segflow.${tables.map}`)} rename to identity_map`.execute(transaction);
  await sql`alter table segflow.identity_map rename constraint ${sql.id(`${tables.map}_pkey`)} to identity_map_pkey`.execute(transaction);
  await sql`alter index ${sql.table(`segflow.${tables.map}_profile`)} rename to identity_map_profile`.execute(transaction);
  await sql`alter index ${sql.table(`segflow.${tables.map}_candidate`)} rename to identity_map_candidate`.execute(transaction);
  // Every profile id was inserted in this transaction or before: NOT VALID skips re-checking millions of rows, later writes are checked.
  await sql`
    alter table segflow.identity_map add constraint identity_map_profile_id_fkey
    foreign key (profile_id) references segflow.profiles (profile_id) not valid`.execute(transaction);
  await sql`alter table ${sql.table(`segflow.${tables.values}`)} rename to identity_values`.execute(transaction);
  await sql`alter index ${sql.table(`segflow.${tables.values}_key`)} rename to identity_values_key`.execute(transaction);
}

async function stageIncrementalRows(database: SegflowDatabase, update: IdentityMapUpdate): Promise<void> {
  const { runId } = update;
  await database.db.deleteFrom('segflow.identity_map_staging').where('run_id', '=', runId).execute();
  await database.db.deleteFrom('segflow.identity_values_staging').where('run_id', '=', runId).execute();
  if (!('text' in update.values)) throw new TypeError('an incremental refresh stages its value rows as text');
  const prefix = `${encodeCopyValue(runId)}\t`;
  await database.copyInText('segflow.identity_map_staging', ['run_id', 'source', 'record_id', 'profile_id', 'candidate_id'], update.mapText(prefix));
  await database.copyInText('segflow.identity_values_staging', ['run_id', ...valueColumns], update.values.text(prefix));
}

async function mergeIncrementalRows(transaction: Transaction<DatabaseSchema>, update: IdentityMapUpdate): Promise<void> {
  const { runId, candidateIds } = update;
  if (candidateIds.length > 0) {
    await sql`
      delete from segflow.identity_map m
      where ${sql.raw(inCandidateComponents('m', candidateIds))}
        and not exists (
          select 1 from segflow.identity_map_staging s
          where s.run_id = ${runId} and s.source = m.source and s.record_id = m.record_id)`.execute(transaction);
  }
  await sql`
    insert into segflow.identity_map as m (source, record_id, profile_id, candidate_id)
    select source, record_id, profile_id, candidate_id from segflow.identity_map_staging where run_id = ${runId}
    on conflict (record_id, source) do update set profile_id = excluded.profile_id, candidate_id = excluded.candidate_id
    where (m.profile_id, m.candidate_id) is distinct from (excluded.profile_id, excluded.candidate_id)`.execute(transaction);
  // Rows of values now carried only by deleted records stay behind: they name
  // a record no longer in the map, so a later lookup finds no component by them.
  await sql`delete from segflow.identity_values where value_key = any(${update.valueKeys}::bigint[])`.execute(transaction);
  await sql`
    insert into segflow.identity_values (value_key, source, record_id)
    select value_key, source, record_id from segflow.identity_values_staging where run_id = ${runId}`.execute(transaction);
  await sql`delete from segflow.identity_map_staging where run_id = ${runId}`.execute(transaction);
  await sql`delete from segflow.identity_values_staging where run_id = ${runId}`.execute(transaction);
}

/**
 * The profiles a refresh allocated are one run of ids (a first full refresh
 * creates millions): one insert from generate_series. Their creation is
 * recorded on the rows (created_at, created_reason; see migration 0003), and
 * only the few split off an existing profile carry a reason.
 *
 * Into an empty table (the first refresh) the rows go in before the primary
 * key, which is then built once over them: a million index insertions cost
 * three times the index build. The table is empty and the transaction holds
 * it until commit, so nobody sees it without its key; the old map (empty
 * too, as its foreign key says) loses its foreign key and is replaced by the swap.
 */
async function insertCreatedProfiles(transaction: Transaction<DatabaseSchema>, update: IdentityMapUpdate): Promise<void> {
  const { first, count } = update.createdIds;
  if (count === 0) return;
  const splitOff = update.splitOffIds;
  const { rows } = await sql<{ empty: boolean }>`select not exists (select from segflow.profiles) as empty`.execute(transaction);
  const rebuildKey = update.mode === 'full' && rows[0].empty;
  if (rebuildKey) {
    await sql`alter table segflow.identity_map drop constraint if exists identity_map_profile_id_fkey`.execute(transaction);
    await sql`alter table segflow.profiles drop constraint profiles_merged_into_fkey, drop constraint profiles_pkey`.execute(transaction);
  }
  await sql`
    insert into segflow.profiles (profile_id, created_run_id, created_reason)
    select g.id, ${update.runId}, case when s.id is null then null else ${splitOffReason} end
    from generate_series(${first}::bigint, ${first + count - 1}::bigint) as g(id)
    left join unnest(${splitOff}::bigint[]) as s(id) on s.id = g.id`.execute(transaction);
  if (rebuildKey) {
    await sql`
      alter table segflow.profiles add constraint profiles_pkey primary key (profile_id),
        add constraint profiles_merged_into_fkey foreign key (merged_into) references segflow.profiles (profile_id)`.execute(transaction);
  }
}

/** Merge history, merged_into and retired profiles for the changes of one refresh. */
async function recordChanges(
  transaction: Transaction<DatabaseSchema>,
  update: IdentityMapUpdate,
  counts: { created: number; merged: number; split: number; removed: number },
): Promise<void> {
  const { runId, changes } = update;
  const history = changes.filter((change) => change.kind !== 'unchanged');
  for (const change of history) if (change.kind in counts) counts[change.kind as keyof typeof counts]++;
  counts.created = update.createdIds.count;
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
    await sql`update segflow.profiles set retired_run_id = ${runId} where profile_id = any(${removed}::bigint[])`.execute(transaction);
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
}
