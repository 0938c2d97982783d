import { sql } from 'kysely';
import type { SegflowDatabase } from '../db/open-database.js';
import { findAudience } from '../db/repositories/audience-repository.js';
import { formatTable } from './terminal.js';

/** The per-segment table a marketer reads after a run, plus a check that every profile is in exactly one segment. */
export async function printAudience(database: SegflowDatabase, audienceId: string): Promise<void> {
  const audience = await findAudience(database, audienceId);
  const total = audience.profileCount;
  const rows = audience.segments
    .slice()
    .sort((a, b) => b.size - a.size)
    .map((segment) => [
      segment.segmentId,
      segment.name,
      String(segment.size),
      `${((100 * segment.size) / Math.max(1, total)).toFixed(1)}%`,
      segment.description,
    ]);
  process.stdout.write(`\n${formatTable(['segment', 'name', 'profiles', 'share', 'description'], rows)}\n\n`);
  const { rows: check } = await sql<{ members: number; distinct_profiles: number; profiles: number; segments: number }>`
    select
      count(*)::int as members,
      count(distinct profile_id)::int as distinct_profiles,
      (select count(distinct profile_id)::int from segflow.identity_map) as profiles,
      count(distinct segment_id)::int as segments
    from activation.audience_members
    where audience_id = ${audienceId} and version = ${audience.currentVersion}`.execute(database.db);
  const { members, distinct_profiles, profiles, segments } = check[0];
  const complete = members === distinct_profiles && distinct_profiles === profiles;
  process.stdout.write(
    `audience ${audienceId} version ${audience.currentVersion}: ${members} members, ${profiles} profiles, ${segments} segments` +
      (complete ? ' (every profile exactly once)\n' : ' (MISMATCH: not every profile exactly once)\n'),
  );
  if (!complete) throw new Error(`audience ${audienceId} does not hold every profile exactly once`);
}
