import { sql } from 'kysely';
import { compileIdentityRules, type CompiledIdentityRules } from '../../core/identity/compile-identity-rules.js';
import { explainConnection, explainProfile, type ProfileLink } from '../../core/identity/explain-profile.js';
import { linkOutcomes, noDropType, resolveIdentities, type IdentityResolution } from '../../core/identity/resolve-identities.js';
import type { SegflowDatabase } from '../open-database.js';
import { readIdentityRecords, type IdentityRecords } from './identity-record-reader.js';
import { loadIdentityRules } from './identity-rules-repository.js';
import { NotFoundError } from './run-repository.js';

export interface ProfileAudit {
  profileId: number;
  rulesVersion: number;
  /** The profile's records, 'source:record_id'. */
  recordKeys: string[];
  /**
   * Every identifier value shared by two or more records that touches the
   * profile: linked values (what joined it), and values that were dropped by
   * a limit or the size guard, or blocked. Blocked values list only the
   * carriers inside the profile's candidate component.
   */
  links: ProfileLink[];
  /** False when resolving with the current rules no longer gives this profile (the rules changed since the last refresh). */
  matchesMap: boolean;
}

export interface RecordPairAudit {
  rulesVersion: number;
  recordKeys: [string, string];
  profileIds: [number | null, number | null];
  sameProfile: boolean;
  /**
   * Same profile: the chain of linked values joining the two records.
   * Otherwise: the shortest chain of shared values between them, if any, with
   * each value's status, which shows the dropped or blocked link that keeps
   * them apart; empty when no identifier connects them at all.
   */
  chain: ProfileLink[];
}

/** "What is this profile made of?", recomputed over the profile's whole candidate component so refusals match the refresh. */
export async function auditProfile(database: SegflowDatabase, profileId: number): Promise<ProfileAudit> {
  const { rows } = await sql<{ candidate_id: number | null }>`
    select distinct candidate_id from segflow.identity_map where profile_id = ${profileId}`.execute(database.db);
  if (rows.length === 0) throw new NotFoundError(await missingProfileMessage(database, profileId));
  const context = await resolveCandidates(database, rows.map((row) => Number(row.candidate_id)));
  const { records, resolution } = context;
  const indexes = new Set<number>();
  for (let r = 0; r < records.input.recordKeys.length; r++) if (records.previousProfile[r] === profileId) indexes.add(resolution.profileOf[r]);
  const explanation = explainProfile(resolution, [...indexes][0]);
  const mapped = records.previousProfile.filter((id) => id === profileId).length;
  return {
    profileId,
    rulesVersion: context.rulesVersion,
    recordKeys: [...explanation.recordKeys],
    links: [...explanation.links],
    matchesMap: indexes.size === 1 && explanation.recordKeys.length === mapped,
  };
}

/** "Why are these two records one profile (or not)?" */
export async function auditRecordPair(database: SegflowDatabase, first: string, second: string): Promise<RecordPairAudit> {
  const keys: [string, string] = [first, second];
  const { rows } = await sql<{ key: string; profile_id: number; candidate_id: number | null }>`
    select source || ':' || record_id as key, profile_id, candidate_id from segflow.identity_map
    where (source, record_id) in (select split_part(k, ':', 1), substr(k, strpos(k, ':') + 1) from unnest(${keys}::text[]) as k)`.execute(database.db);
  const byKey = new Map(rows.map((row) => [row.key, row]));
  for (const key of keys) {
    if (!byKey.has(key)) throw new NotFoundError(`record ${key} is not in the identity map (expected source:record_id, e.g. crm_contacts:C00000001)`);
  }
  const profileIds = keys.map((key) => Number(byKey.get(key)!.profile_id)) as [number, number];
  const context = await resolveCandidates(
    database,
    keys.map((key) => Number(byKey.get(key)!.candidate_id)),
  );
  const { records, resolution } = context;
  const allKeys = records.input.recordKeys.toArray();
  const [a, b] = keys.map((key) => allKeys.indexOf(key));
  const sameProfile = resolution.profileOf[a] === resolution.profileOf[b];
  const chain = sameProfile
    ? (explainConnection(explainProfile(resolution, resolution.profileOf[a]), first, second) ?? [])
    : shortestValueChain(resolution, a, b);
  return { rulesVersion: context.rulesVersion, recordKeys: keys, profileIds, sameProfile, chain };
}

interface ResolvedCandidates {
  readonly rulesVersion: number;
  readonly records: IdentityRecords;
  readonly resolution: IdentityResolution;
}

async function resolveCandidates(database: SegflowDatabase, candidateIds: readonly number[]): Promise<ResolvedCandidates> {
  const stored = await loadIdentityRules(database);
  const compiled: CompiledIdentityRules = compileIdentityRules(stored.rules);
  const records = await readIdentityRecords(database, compiled, { filter: { kind: 'candidates', candidateIds: [...new Set(candidateIds)] } });
  return { rulesVersion: stored.version, records, resolution: resolveIdentities(records.input, compiled) };
}

const statusNames = {
  [linkOutcomes.linked]: 'linked',
  [linkOutcomes.droppedLimit]: 'dropped_limit',
  [linkOutcomes.droppedSize]: 'dropped_size',
} as const;

/** Breadth-first over shared non-blocked values, whatever their outcome: the fewest values connecting two records. */
function shortestValueChain(resolution: IdentityResolution, from: number, to: number): ProfileLink[] {
  const { recordStart, recordValues, valueStart, valueRecords, valueOutcome, valueDropType, input } = resolution;
  const { values, valueType, valueBlocked } = resolution.identifiers;
  const { typeNames } = resolution.compiled;
  const cameFrom = new Map<number, { record: number; value: number }>();
  const queue = [from];
  cameFrom.set(from, { record: -1, value: -1 });
  for (let head = 0; head < queue.length && !cameFrom.has(to); head++) {
    const record = queue[head];
    for (let k = recordStart[record]; k < recordStart[record + 1]; k++) {
      const v = recordValues[k];
      if (valueBlocked[v] === 1) continue;
      for (let j = valueStart[v]; j < valueStart[v + 1]; j++) {
        const next = valueRecords[j];
        if (cameFrom.has(next)) continue;
        cameFrom.set(next, { record, value: v });
        queue.push(next);
      }
    }
  }
  if (!cameFrom.has(to)) return [];
  const chain: ProfileLink[] = [];
  for (let record = to; record !== from; ) {
    const step = cameFrom.get(record)!;
    const v = step.value;
    const carriers: string[] = [];
    for (let j = valueStart[v]; j < valueStart[v + 1]; j++) carriers.push(input.recordKeys.key(valueRecords[j]));
    chain.push({
      type: typeNames[valueType[v]],
      value: values[v],
      status: statusNames[valueOutcome[v] as keyof typeof statusNames] ?? 'linked',
      limitType: valueDropType[v] === noDropType ? null : typeNames[valueDropType[v]],
      recordKeys: carriers.sort(),
    });
    record = step.record;
  }
  return chain.reverse();
}

async function missingProfileMessage(database: SegflowDatabase, profileId: number): Promise<string> {
  const row = await database.db.selectFrom('segflow.profiles').select(['merged_into', 'retired_run_id']).where('profile_id', '=', profileId).executeTakeFirst();
  if (row?.merged_into != null) return `profile ${profileId} was merged into profile ${row.merged_into}`;
  if (row?.retired_run_id != null) return `profile ${profileId} has no records left since run ${row.retired_run_id}`;
  return `profile ${profileId} does not exist`;
}
