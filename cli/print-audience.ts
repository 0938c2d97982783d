import { sql } from 'kysely';
import type { SegflowDatabase } from '../db/open-database.js';
import { findAudience } from '../db/repositories/audience-repository.js';
import { formatTable } from './terminal.js';

/** The per-segment table a marketer reads after a run, plus a check that every profile is in exactly one segment. */
export async function printAudience(
  database: SegflowDatabase,
  audienceId: string,
  options: { plantedPersonas?: boolean } = {},
): Promise<void> {
  const audience = await findAudience(database, audienceId);
  const total = audience.profileCount;
  const personas = options.plantedPersonas ? await plantedPersonaMix(database, audienceId, audience.currentVersion!) : undefined;
  const rows = audience.segments
    .slice()
    .sort((a, b) => b.size - a.size)
    .map((segment) => [
      segment.segmentId,
      segment.name,
      String(segment.size),
      `${((100 * segment.size) / Math.max(1, total)).toFixed(1)}%`,
      ...(personas ? [personas.get(segment.segmentId) ?? '-'] : []),
      segment.description,
    ]);
  const headers = ['segment', 'name', 'profiles', 'share', ...(personas ? ['planted persona (share)'] : []), 'description'];
  process.stdout.write(`\n${formatTable(headers, rows)}\n\n`);
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

/**
 * For generated data only: the most common planted persona in each segment
 * and its share, read from the ground truth (the pipeline itself never reads
 * it). This is how the demo shows that the segments are the personas.
 */
async function plantedPersonaMix(database: SegflowDatabase, audienceId: string, version: number): Promise<Map<string, string>> {
  const { rows } = await sql<{ segment_id: string; persona: string; share: number }>`
    with profile_persona as (
      select distinct on (im.profile_id) im.profile_id, people.persona
      from segflow.identity_map im
      join truth.record_owners owner on owner.source = im.source and owner.record_id = im.record_id
      join truth.people people on people.person_id = owner.person_id
      order by im.profile_id, owner.person_id
    ),
    counts as (
      select m.segment_id, pp.persona, count(*) as members
      from activation.audience_members m join profile_persona pp using (profile_id)
      where m.audience_id = ${audienceId} and m.version = ${version}
      group by 1, 2
    )
    select distinct on (segment_id) segment_id, persona, members::float8 / sum(members) over (partition by segment_id) as share
    from counts order by segment_id, members desc`.execute(database.db);
  return new Map(rows.map((row) => [row.segment_id, `${row.persona.replace(/_/g, ' ')} (${Math.round(100 * row.share)}%)`]));
}
