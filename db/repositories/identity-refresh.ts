import { sql } from 'kysely';
import { assignStableProfileIds, profileComponents } from '../../core/identity/assign-stable-profile-ids.js';
import { compileIdentityRules, type CompiledIdentityRules } from '../../core/identity/compile-identity-rules.js';
import { buildQualityReport, type QualityReport } from '../../core/identity/quality-report.js';
import { resolveIdentities, type IdentityResolution } from '../../core/identity/resolve-identities.js';
import { linkingValueKeys, linkingValueKeysOfRecords } from '../../core/identity/value-keys.js';
import { GrowableArray } from '../../core/growable-array.js';
import { inCandidateComponents } from '../sql-literal.js';
import { COPY_INTEGER_LENGTH, COPY_NEWLINE, COPY_TAB, CopyBytesWriter } from '../copy-bytes-writer.js';
import type { SegflowDatabase } from '../open-database.js';
import { readIdentityRecords, type IdentityRecords } from './identity-record-reader.js';
import { applyIdentityMapUpdate, buildTableNames, type IdentityMapUpdate } from './identity-map-writer.js';
import { startValuesBuild, valueRowsOf, valueText } from './identity-value-rows.js';
import { loadIdentityRules, type StoredIdentityRules } from './identity-rules-repository.js';
import { takeIdentityWatermark } from './identity-watermark.js';

export type IdentityRefreshMode = 'full' | 'incremental';

export interface RefreshProgress {
  /** 0..100 within the refresh. */
  readonly percent: number;
  readonly message: string;
}

export interface RefreshIdentitiesOptions {
  readonly runId: string;
  /** 'incremental' runs incrementally when a watermark exists and the rules are the ones last applied, and full otherwise. */
  readonly mode: IdentityRefreshMode;
  /** Defaults to the saved global rules. */
  readonly rules?: StoredIdentityRules;
  readonly onProgress?: (progress: RefreshProgress) => void;
}

export interface IdentityRefreshTimings {
  readSeconds: number;
  resolveSeconds: number;
  assignSeconds: number;
  writeSeconds: number;
}

export interface RefreshIdentitiesResult {
  mode: IdentityRefreshMode;
  /** Why a requested incremental refresh ran in full; null otherwise. */
  fullReason: string | null;
  rulesVersion: number;
  watermark: number;
  /** Records read and resolved: all of them in a full refresh, the affected candidate components in an incremental one. */
  resolvedRecords: number;
  /** Records and profiles in the whole map afterwards. */
  records: number;
  profiles: number;
  created: number;
  merged: number;
  split: number;
  removed: number;
  /** Records whose profile or candidate component changed. */
  changedRecords: number;
  timings: IdentityRefreshTimings;
  /** Over the resolved records (see resolvedRecords). */
  quality: QualityReport;
}

interface IdentityState {
  version: number;
  watermark: number | null;
  rulesFingerprint: string | null;
}

/**
 * Resolves identity records into profiles and applies the result to the
 * persisted map (profiles, identity_map, identity_values, merge_history,
 * identity_runs) in one transaction under a version check. A full refresh
 * reads every record; an incremental one reads the records changed since the
 * watermark and the whole candidate components they touch, which gives
 * exactly the profiles a full refresh gives (docs/identity.md). Running it
 * again on unchanged data changes nothing, so a retried step is harmless.
 */
export async function refreshIdentities(database: SegflowDatabase, options: RefreshIdentitiesOptions): Promise<RefreshIdentitiesResult> {
  const { runId } = options;
  const progress = options.onProgress ?? ((): void => {});
  const stored = options.rules ?? (await loadIdentityRules(database));
  const compiled = compileIdentityRules(stored.rules);
  const state = await loadIdentityState(database);
  const watermark = await takeIdentityWatermark(database);
  const fullReason =
    options.mode === 'full'
      ? 'full refresh requested'
      : state.watermark === null
        ? 'no watermark yet (first refresh, the sources were truncated, or an upgrade rebuilds the identity tables)'
        : state.rulesFingerprint !== stored.fingerprint
          ? 'the identity rules changed since the last refresh'
          : null;
  const timings: IdentityRefreshTimings = { readSeconds: 0, resolveSeconds: 0, assignSeconds: 0, writeSeconds: 0 };
  let clock = performance.now();
  const lap = (field: keyof IdentityRefreshTimings): void => {
    const now = performance.now();
    timings[field] += (now - clock) / 1000;
    clock = now;
  };

  const plan = await planRefresh(database, { runId, compiled, state, fullReason, progress, lap });
  const mode: IdentityRefreshMode = fullReason === null ? 'incremental' : 'full';
  const summary = { mode, fullReason, rulesVersion: stored.version, watermark, resolvedRecords: plan.resolvedRecords, changedRecords: plan.changedRecords };
  progress({ percent: 60, message: `writing ${plan.changedRecords} changed records` });
  const applied = await applyIdentityMapUpdate(database, {
    runId,
    mode,
    baseVersion: state.version,
    watermark,
    rulesFingerprint: stored.fingerprint,
    rulesVersion: stored.version,
    mapText: plan.mapText,
    values: plan.values,
    candidateIds: plan.candidateIds,
    valueKeys: plan.valueKeys,
    createdIds: plan.createdIds,
    splitOffIds: plan.splitOffIds,
    changes: plan.changes,
    summary,
    quality: plan.quality,
  });
  const totals = mode === 'full' ? { records: plan.resolvedRecords, profiles: plan.profileCount } : await mapTotals(database);
  lap('writeSeconds');
  progress({ percent: 100, message: `${totals.profiles} profiles` });
  return {
    ...summary,
    ...totals,
    ...applied,
    timings: roundTimings(timings),
    quality: plan.quality,
  };
}

interface PlanContext {
  readonly runId: string;
  readonly compiled: CompiledIdentityRules;
  readonly state: IdentityState;
  /** null: incremental. */
  readonly fullReason: string | null;
  readonly progress: (progress: RefreshProgress) => void;
  readonly lap: (field: keyof IdentityRefreshTimings) => void;
}

/** What a refresh writes, holding only the arrays the COPY text is made of. */
interface RefreshPlan extends Pick<IdentityMapUpdate, 'mapText' | 'values' | 'candidateIds' | 'valueKeys' | 'createdIds' | 'splitOffIds' | 'changes'> {
  readonly resolvedRecords: number;
  readonly profileCount: number;
  readonly changedRecords: number;
  readonly quality: QualityReport;
}

/**
 * Reads, resolves and assigns ids (and, in a full refresh, starts loading the
 * value table). Functions of their own so that the records and the
 * resolution (values, adjacency, per-occurrence arrays: hundreds of MB at
 * millions of records) can be collected before the write, which keeps only
 * what its rows are made of.
 */
async function planRefresh(database: SegflowDatabase, context: PlanContext): Promise<RefreshPlan> {
  const { runId, compiled, state, fullReason, progress, lap } = context;
  progress({ percent: 5, message: fullReason === null ? `reading records changed since ${state.watermark}` : 'reading every identity record' });
  // The reader reports every COPY chunk; a line per half million records is enough for a person.
  let reported = 0;
  const onRead = (count: number): void => {
    if (count - reported < 500_000) return;
    reported = count;
    progress({ percent: 10, message: `read ${count} records` });
  };
  const affected =
    fullReason === null
      ? await readAffectedRecords(database, compiled, state.watermark!, onRead)
      : { records: await readIdentityRecords(database, compiled, { onProgress: onRead }), candidateIds: [] };
  const { records } = affected;
  // A full refresh's value rows need no resolution: they load while it runs.
  const values: RefreshPlan['values'] =
    fullReason === null
      ? { text: (linePrefix) => valueText(linePrefix, valueRowsOf(records)) }
      : await startValuesBuild(database, buildTableNames(runId).values, valueRowsOf(records));
  lap('readSeconds');

  try {
    return await resolveAndAssign(database, context, affected, values);
  } catch (error) {
    // Never leave the value table's build running behind a failed refresh.
    if ('built' in values) await values.built.catch(() => {});
    throw error;
  }
}

async function resolveAndAssign(
  database: SegflowDatabase,
  context: PlanContext,
  affected: { records: IdentityRecords; candidateIds: number[] },
  values: RefreshPlan['values'],
): Promise<RefreshPlan> {
  const { fullReason, compiled, progress, lap } = context;
  const { records } = affected;
  const recordCount = records.input.recordKeys.length;
  const threads = records.recordsPerThread.length > 1 ? ` (read on ${records.recordsPerThread.length} threads: ${records.recordsPerThread.join(' + ')})` : '';
  progress({ percent: 30, message: `resolving ${recordCount} records${threads}` });
  const resolution = resolveIdentities(records.input, compiled);
  const quality = buildQualityReport(resolution);
  lap('resolveSeconds');

  const previous = await previousProfiles(database, fullReason === null ? affected.candidateIds : null);
  const { rows } = await sql<{ max: number | null }>`select max(profile_id) as max from segflow.profiles`.execute(database.db);
  const firstNewId = Number(rows[0].max ?? 0) + 1;
  let nextId = firstNewId;
  const stable = assignStableProfileIds(profileComponents(resolution), { profileIdOf: records.previousProfile, profileIds: previous }, () => nextId++);
  const profileIds = stable.profileIds;
  const candidateKeys = candidateKeysOf(resolution, profileIds);
  const { profileOf, candidateOf, identifiers } = resolution;
  let changedRecords = 0;
  for (let r = 0; r < recordCount; r++) {
    if (records.previousProfile[r] !== profileIds[profileOf[r]] || records.previousCandidate[r] !== candidateKeys[candidateOf[r]]) changedRecords++;
  }
  const mapRows: MapRows = { mapKeyText: records.mapKeyText, mapKeyTextEnd: records.mapKeyTextEnd, profileOf, candidateOf, profileIds, candidateKeys };
  lap('assignSeconds');
  return {
    mapText: (linePrefix) => mapText(linePrefix, mapRows),
    values,
    candidateIds: affected.candidateIds,
    valueKeys: fullReason === null ? Array.from(linkingValueKeys(identifiers)) : [],
    createdIds: { first: firstNewId, count: stable.createdIds.length },
    splitOffIds: stable.splitOffIds,
    changes: stable.changes,
    resolvedRecords: recordCount,
    profileCount: resolution.profileCount,
    changedRecords,
    quality,
  };
}

async function loadIdentityState(database: SegflowDatabase): Promise<IdentityState> {
  const row = await database.db.selectFrom('segflow.identity_state').select(['version', 'watermark', 'rules_fingerprint']).executeTakeFirstOrThrow();
  return { version: Number(row.version), watermark: row.watermark === null ? null : Number(row.watermark), rulesFingerprint: row.rules_fingerprint };
}

/**
 * The records an incremental refresh must resolve: those changed since the
 * watermark plus every record of the candidate components they touch (by a
 * shared normalized value, or by having been in one), and the components of
 * deleted records. Repeats until no changed record reaches a component not
 * read yet, so a record that changes while this runs cannot leave a
 * component half read.
 */
async function readAffectedRecords(
  database: SegflowDatabase,
  compiled: CompiledIdentityRules,
  watermark: number,
  onProgress: (records: number) => void,
): Promise<{ records: IdentityRecords; candidateIds: number[] }> {
  const { rows: deleted } = await sql<{ candidate_id: number }>`
    select distinct m.candidate_id from segflow.identity_deletions d
    join segflow.identity_map m on m.source = d.source and m.record_id = d.record_id
    where d.ingest_seq > ${watermark} and m.candidate_id is not null`.execute(database.db);
  const candidates = new Set(deleted.map((row) => Number(row.candidate_id)));
  for (;;) {
    const candidateIds = [...candidates].sort((a, b) => a - b);
    const records = await readIdentityRecords(database, compiled, { filter: { kind: 'changedSinceOrCandidates', watermark, candidateIds }, onProgress });
    const changed: number[] = [];
    for (let r = 0; r < records.ingestSeq.length; r++) if (records.ingestSeq[r] > watermark) changed.push(r);
    const reached = new Set<number>();
    for (const r of changed) if (records.previousCandidate[r] >= 0) reached.add(records.previousCandidate[r]);
    const keys = linkingValueKeysOfRecords(records.input, changed);
    if (keys.length > 0) {
      // A value row names a record carrying the value; its map row gives the component.
      const { rows } = await sql<{ candidate_id: number }>`
        select distinct m.candidate_id from segflow.identity_values v
        join segflow.identity_map m on m.record_id = v.record_id and m.source = v.source
        where v.value_key = any(${Array.from(keys)}::bigint[]) and m.candidate_id is not null`.execute(database.db);
      for (const row of rows) reached.add(Number(row.candidate_id));
    }
    const before = candidates.size;
    for (const candidate of reached) candidates.add(candidate);
    if (candidates.size === before) return { records, candidateIds };
  }
}

/**
 * The live previous profiles to carry ids from: every one in a full refresh
 * (one with no records left is removed), those of the components it resolves
 * in an incremental one. Read with COPY: a million ids as row objects cost
 * seconds.
 */
async function previousProfiles(database: SegflowDatabase, candidateIds: readonly number[] | null): Promise<Float64Array> {
  if (candidateIds !== null && candidateIds.length === 0) return new Float64Array(0);
  const query =
    candidateIds === null
      ? 'select profile_id from segflow.profiles where merged_into is null and retired_run_id is null'
      : `select distinct m.profile_id from segflow.identity_map m where ${inCandidateComponents('m', candidateIds)}`;
  const ids = new GrowableArray((length) => new Float64Array(length));
  for await (const rows of database.copyOut(query)) for (const row of rows) ids.push(Number(row[0]));
  return ids.toArray();
}

/** Per candidate component: its key, the smallest profile id in it (stable while the component's profiles are). */
function candidateKeysOf(resolution: IdentityResolution, profileIds: Float64Array): Float64Array {
  const keys = new Float64Array(resolution.candidateCount).fill(Number.POSITIVE_INFINITY);
  for (let r = 0; r < resolution.profileOf.length; r++) {
    const id = profileIds[resolution.profileOf[r]];
    const c = resolution.candidateOf[r];
    if (id < keys[c]) keys[c] = id;
  }
  return keys;
}

/** The arrays the map rows are made of. */
interface MapRows {
  readonly mapKeyText: Uint8Array;
  readonly mapKeyTextEnd: Uint32Array;
  readonly profileOf: Int32Array;
  readonly candidateOf: Int32Array;
  readonly profileIds: Float64Array;
  readonly candidateKeys: Float64Array;
}

/**
 * The map rows as COPY bytes: each is the line prefix, the record's key text
 * as read (`source<TAB>record_id<TAB>`, already escaped), its profile id and
 * its candidate key. No string per row: generating this text paced the
 * whole COPY of millions of rows.
 */
function* mapText(linePrefix: string, rows: MapRows): Generator<Uint8Array> {
  const { mapKeyText, mapKeyTextEnd, profileOf, candidateOf, profileIds, candidateKeys } = rows;
  const prefix = Buffer.from(linePrefix, 'utf8');
  const writer = new CopyBytesWriter();
  let keyStart = 0;
  for (let r = 0; r < mapKeyTextEnd.length; r++) {
    const keyEnd = mapKeyTextEnd[r];
    const full = writer.reserve(prefix.length + keyEnd - keyStart + 2 * COPY_INTEGER_LENGTH);
    if (full !== null) yield full;
    writer.bytes(prefix);
    writer.bytes(mapKeyText, keyStart, keyEnd);
    writer.integer(profileIds[profileOf[r]], COPY_TAB);
    writer.integer(candidateKeys[candidateOf[r]], COPY_NEWLINE);
    keyStart = keyEnd;
  }
  yield writer.finish();
}

async function mapTotals(database: SegflowDatabase): Promise<{ records: number; profiles: number }> {
  const { rows } = await sql<{ records: number; profiles: number }>`
    select (select count(*) from segflow.identity_map)::bigint as records,
      (select count(*) from segflow.profiles where merged_into is null and retired_run_id is null)::bigint as profiles`.execute(database.db);
  return { records: Number(rows[0].records), profiles: Number(rows[0].profiles) };
}

function roundTimings(timings: IdentityRefreshTimings): IdentityRefreshTimings {
  const round = (seconds: number): number => Math.round(seconds * 1000) / 1000;
  return {
    readSeconds: round(timings.readSeconds),
    resolveSeconds: round(timings.resolveSeconds),
    assignSeconds: round(timings.assignSeconds),
    writeSeconds: round(timings.writeSeconds),
  };
}
