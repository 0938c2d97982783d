import type { RunModel } from '../../activities/cluster-profiles.js';
import type { SegflowDatabase } from '../open-database.js';
import { quoteLiteral } from '../sql-literal.js';
import { NotFoundError } from './run-repository.js';

export async function loadRunModel(database: SegflowDatabase, runId: string): Promise<RunModel> {
  const row = await database.db.selectFrom('segflow.run_models').select('model').where('run_id', '=', runId).executeTakeFirst();
  if (!row) throw new NotFoundError(`run ${runId} has no model yet`);
  return row.model as RunModel;
}

/** Segment of every profile of the run, aligned with `profileIds` (ascending, as loadProfileMatrix returns them). */
export async function loadRunAssignments(database: SegflowDatabase, runId: string, profileIds: Float64Array): Promise<Int32Array> {
  const labels = new Int32Array(profileIds.length);
  let row = 0;
  const query = `select profile_id, segment from segflow.run_assignments where run_id = ${quoteLiteral(runId)} order by profile_id`;
  for await (const batch of database.copyOut(query)) {
    for (const [profileId, segment] of batch) {
      if (Number(profileId) !== profileIds[row]) throw new RangeError(`run ${runId}: assignments and features disagree at profile ${profileId}`);
      labels[row++] = Number(segment);
    }
  }
  if (row !== profileIds.length) throw new RangeError(`run ${runId} has ${row} assignments for ${profileIds.length} profiles`);
  return labels;
}

/** The run behind the audience's current version, if the config has published before. */
export async function previousPublishedRun(database: SegflowDatabase, audienceId: string): Promise<string | null> {
  const row = await database.db
    .selectFrom('activation.audiences as a')
    .innerJoin('activation.audience_versions as v', (join) =>
      join.onRef('v.audience_id', '=', 'a.audience_id').onRef('v.version', '=', 'a.current_version'),
    )
    .select('v.run_id')
    .where('a.audience_id', '=', audienceId)
    .executeTakeFirst();
  return row?.run_id ?? null;
}

/** profile id -> segment index of a run. */
export async function loadSegmentsByProfile(database: SegflowDatabase, runId: string): Promise<Map<number, number>> {
  const segments = new Map<number, number>();
  const query = `select profile_id, segment from segflow.run_assignments where run_id = ${quoteLiteral(runId)}`;
  for await (const batch of database.copyOut(query)) for (const [profileId, segment] of batch) segments.set(Number(profileId), Number(segment));
  return segments;
}

/** Stable id and name of every segment of a run, by segment index. */
export async function loadRunSegments(database: SegflowDatabase, runId: string): Promise<Array<{ segment: number; segmentId: string; name: string }>> {
  const rows = await database.db
    .selectFrom('segflow.run_segments')
    .select(['segment', 'segment_id', 'name'])
    .where('run_id', '=', runId)
    .orderBy('segment')
    .execute();
  return rows.map((row) => ({ segment: row.segment, segmentId: row.segment_id, name: row.name }));
}
