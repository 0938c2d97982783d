import type { SegflowDatabase } from '../open-database.js';
import { NotFoundError } from './run-repository.js';

export interface AudienceSummary {
  audienceId: string;
  name: string;
  configId: string;
  currentVersion: number | null;
  updatedAt: string;
}

export interface AudienceSegment {
  segmentId: string;
  name: string;
  description: string;
  size: number;
}

export interface AudienceMember {
  profileId: number;
  segmentId: string;
}

export interface MemberPage {
  audienceId: string;
  version: number;
  members: AudienceMember[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export async function listAudiences(database: SegflowDatabase): Promise<AudienceSummary[]> {
  return selectAudiences(database);
}

export async function findAudience(
  database: SegflowDatabase,
  audienceId: string,
): Promise<AudienceSummary & { segments: AudienceSegment[]; profileCount: number; runId: string | null }> {
  const audience = (await selectAudiences(database, audienceId))[0];
  if (!audience) throw new NotFoundError(`audience ${audienceId} does not exist`);
  if (audience.currentVersion === null) return { ...audience, segments: [], profileCount: 0, runId: null };
  const version = await database.db
    .selectFrom('activation.audience_versions')
    .select(['run_id', 'profile_count'])
    .where('audience_id', '=', audienceId)
    .where('version', '=', audience.currentVersion)
    .executeTakeFirstOrThrow();
  const segments = await database.db
    .selectFrom('activation.audience_segments')
    .select(['segment_id', 'name', 'description', 'size'])
    .where('audience_id', '=', audienceId)
    .where('version', '=', audience.currentVersion)
    .orderBy('segment_id')
    .execute();
  return {
    ...audience,
    runId: version.run_id,
    profileCount: version.profile_count,
    segments: segments.map((row) => ({ segmentId: row.segment_id, name: row.name, description: row.description, size: row.size })),
  };
}

async function selectAudiences(database: SegflowDatabase, audienceId?: string): Promise<AudienceSummary[]> {
  let query = database.db
    .selectFrom('activation.audiences')
    .select(['audience_id', 'name', 'config_id', 'current_version', 'updated_at'])
    .orderBy('updated_at', 'desc');
  if (audienceId !== undefined) query = query.where('audience_id', '=', audienceId);
  const rows = await query.execute();
  return rows.map((row) => ({
    audienceId: row.audience_id,
    name: row.name,
    configId: row.config_id,
    currentVersion: row.current_version,
    updatedAt: new Date(row.updated_at).toISOString(),
  }));
}

interface MemberCursor {
  version: number;
  segmentId: string;
  profileId: number;
}

export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}

/**
 * Keyset pagination over (segment_id, profile_id). The cursor pins the
 * version, so a client paging through an audience never mixes two versions
 * even when a new one is published mid-way.
 */
export async function listAudienceMembers(
  database: SegflowDatabase,
  options: { audienceId: string; segmentId?: string; cursor?: string; limit: number; version?: number },
): Promise<MemberPage> {
  const cursor = options.cursor ? decodeCursor(options.cursor) : undefined;
  let version = cursor?.version ?? options.version;
  if (version === undefined) {
    const audience = (await selectAudiences(database, options.audienceId))[0];
    if (!audience) throw new NotFoundError(`audience ${options.audienceId} does not exist`);
    if (audience.currentVersion === null) throw new NotFoundError(`audience ${options.audienceId} has no published version yet`);
    version = audience.currentVersion;
  }
  let query = database.db
    .selectFrom('activation.audience_members')
    .select(['segment_id', 'profile_id'])
    .where('audience_id', '=', options.audienceId)
    .where('version', '=', version);
  if (options.segmentId !== undefined) query = query.where('segment_id', '=', options.segmentId);
  if (cursor) {
    query = query.where((eb) =>
      eb.or([
        eb('segment_id', '>', cursor.segmentId),
        eb.and([eb('segment_id', '=', cursor.segmentId), eb('profile_id', '>', cursor.profileId)]),
      ]),
    );
  }
  const rows = await query.orderBy('segment_id').orderBy('profile_id').limit(options.limit + 1).execute();
  if (rows.length === 0 && !cursor) {
    const exists = await database.db
      .selectFrom('activation.audience_versions')
      .select('version')
      .where('audience_id', '=', options.audienceId)
      .where('version', '=', version)
      .executeTakeFirst();
    if (!exists) throw new NotFoundError(`audience ${options.audienceId} has no version ${version}`);
  }
  const page = rows.slice(0, options.limit);
  const last = page[page.length - 1];
  return {
    audienceId: options.audienceId,
    version,
    members: page.map((row) => ({ profileId: Number(row.profile_id), segmentId: row.segment_id })),
    nextCursor:
      rows.length > options.limit && last
        ? encodeCursor({ version, segmentId: last.segment_id, profileId: Number(last.profile_id) })
        : null,
  };
}

function encodeCursor(cursor: MemberCursor): string {
  return Buffer.from(JSON.stringify([cursor.version, cursor.segmentId, cursor.profileId])).toString('base64url');
}

function decodeCursor(text: string): MemberCursor {
  try {
    const [version, segmentId, profileId] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown[];
    if (Number.isInteger(version) && typeof segmentId === 'string' && Number.isInteger(profileId)) {
      return { version: version as number, segmentId, profileId: profileId as number };
    }
  } catch {
    // Falls through to the error below: the client sent something we never issued.
  }
  throw new InvalidCursorError('cursor is not one this API returned; pass the nextCursor of the previous page unchanged');
}
