import { sql } from 'kysely';
import { compileIdentityRules } from '../../core/identity/compile-identity-rules.js';
import { diffResolutions } from '../../core/identity/diff-resolutions.js';
import type { IdentityRulesInput } from '../../core/identity/identity-rules.js';
import { parseIdentityRules } from '../../core/identity/identity-rules.js';
import { buildQualityReport, type QualityReport } from '../../core/identity/quality-report.js';
import { resolveIdentities } from '../../core/identity/resolve-identities.js';
import type { SegflowDatabase } from '../open-database.js';
import { readIdentityRecords } from './identity-record-reader.js';

export interface DryRunReport {
  /** Records the rules read. */
  records: number;
  /** Map rows of records these rules would no longer read (a source or column left out). */
  droppedRecords: number;
  profilesBefore: number;
  profilesAfter: number;
  /** Profiles that would gather records of several current profiles. */
  merges: number;
  /** Current profiles whose records would lie in several profiles. */
  splits: number;
  unchangedProfiles: number;
  /** Records not in the map yet (arrived since the last refresh). */
  newRecords: number;
  /** The largest merges and splits, by current profile ids. */
  sampleMerges: Array<{ profileIds: number[]; records: number }>;
  sampleSplits: Array<{ profileId: number; parts: number }>;
  quality: QualityReport;
}

const SAMPLES = 20;

/**
 * Resolves every record with candidate rules and compares the result with
 * the persisted map: what would merge and split. Writes nothing.
 */
export async function dryRunIdentityRules(database: SegflowDatabase, input: IdentityRulesInput): Promise<DryRunReport> {
  const compiled = compileIdentityRules(parseIdentityRules(input));
  const records = await readIdentityRecords(database, compiled);
  const resolution = resolveIdentities(records.input, compiled);
  const diff = diffResolutions(records.previousProfile, resolution.profileOf);

  const afterSize = new Int32Array(resolution.profileCount);
  for (let r = 0; r < resolution.profileOf.length; r++) afterSize[resolution.profileOf[r]]++;
  const beforeProfiles = new Set<number>();
  let matched = 0;
  for (const id of records.previousProfile) {
    if (id < 0) continue;
    matched++;
    beforeProfiles.add(id);
  }
  const { rows } = await sql<{ count: number }>`select count(*)::bigint as count from segflow.identity_map`.execute(database.db);
  return {
    records: records.input.recordKeys.length,
    droppedRecords: Number(rows[0].count) - matched,
    profilesBefore: beforeProfiles.size,
    profilesAfter: resolution.profileCount,
    merges: diff.merges.length,
    splits: diff.splits.length,
    unchangedProfiles: diff.unchangedProfiles,
    newRecords: diff.addedRecords,
    sampleMerges: [...diff.merges]
      .sort((a, b) => afterSize[b.after] - afterSize[a.after] || a.after - b.after)
      .slice(0, SAMPLES)
      .map((merge) => ({ profileIds: [...merge.before].sort((a, b) => a - b), records: afterSize[merge.after] })),
    sampleSplits: [...diff.splits]
      .sort((a, b) => b.after.length - a.after.length || a.before - b.before)
      .slice(0, SAMPLES)
      .map((split) => ({ profileId: split.before, parts: split.after.length })),
    quality: buildQualityReport(resolution),
  };
}
