import { sql } from 'kysely';
import type { FeatureMeta } from '../../core/explain/feature-meta.js';
import type { SegflowDatabase } from '../open-database.js';

/** One profile of one run: what the run computed for it and where it put it. */
export interface ProfileVectors {
  /** Feature values in original units. */
  readonly original: number[];
  /** The scaled, weighted vector z the clustering saw. */
  readonly scaled: number[];
  /** Segment index the run assigned. */
  readonly segment: number;
}

/** What the report step kept for explaining single profiles later. */
export interface ExplanationBackground {
  /** E[z] over the run's population. */
  readonly scaledFeatureMeans: number[];
  readonly featureMeta: FeatureMeta[];
  /** Display name per segment index. */
  readonly segmentNames: string[];
}

/**
 * The run behind the most recently published audience whose current version
 * contains the profile, or null. Probes each audience's current version by
 * primary key rather than scanning every member of every version.
 */
export async function latestPublishedRunOf(database: SegflowDatabase, profileId: number): Promise<string | null> {
  const row = await database.db
    .selectFrom('activation.audiences as a')
    .innerJoin('activation.audience_versions as v', (join) =>
      join.onRef('v.audience_id', '=', 'a.audience_id').onRef('v.version', '=', 'a.current_version'),
    )
    .select('v.run_id')
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('activation.audience_members as m')
          .select(sql`1`.as('one'))
          .whereRef('m.audience_id', '=', 'a.audience_id')
          .whereRef('m.version', '=', 'a.current_version')
          .where('m.profile_id', '=', profileId),
      ),
    )
    .orderBy('v.published_at', 'desc')
    .orderBy('v.run_id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.run_id ?? null;
}

/** The profile's raw and scaled features and segment in the run; null when the run has no such profile. */
export async function loadProfileVectors(database: SegflowDatabase, runId: string, profileId: number): Promise<ProfileVectors | null> {
  const row = await database.db
    .selectFrom('segflow.run_features as f')
    .innerJoin('segflow.run_scaled_features as s', (join) =>
      join.onRef('s.run_id', '=', 'f.run_id').onRef('s.profile_id', '=', 'f.profile_id'),
    )
    .innerJoin('segflow.run_assignments as a', (join) =>
      join.onRef('a.run_id', '=', 'f.run_id').onRef('a.profile_id', '=', 'f.profile_id'),
    )
    .select(['f.feature_values as original', 's.feature_values as scaled', 'a.segment'])
    .where('f.run_id', '=', runId)
    .where('f.profile_id', '=', profileId)
    .executeTakeFirst();
  return row ? { original: row.original.map(Number), scaled: row.scaled.map(Number), segment: row.segment } : null;
}

/** Null when the run has no report (it does not exist or has not reached the report step). */
export async function loadExplanationBackground(database: SegflowDatabase, runId: string): Promise<ExplanationBackground | null> {
  const report = await database.db
    .selectFrom('segflow.run_reports')
    .select([
      sql<number[] | null>`report->'scaledFeatureMeans'`.as('scaledFeatureMeans'),
      sql<FeatureMeta[]>`report->'featureMeta'`.as('featureMeta'),
    ])
    .where('run_id', '=', runId)
    .executeTakeFirst();
  if (!report || report.scaledFeatureMeans === null) return null;
  const segments = await database.db
    .selectFrom('segflow.run_segments')
    .select('name')
    .where('run_id', '=', runId)
    .orderBy('segment')
    .execute();
  return {
    scaledFeatureMeans: report.scaledFeatureMeans,
    featureMeta: report.featureMeta,
    segmentNames: segments.map((segment) => segment.name),
  };
}
