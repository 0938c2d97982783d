import type { ColumnType } from 'kysely';

/** Kysely's view of the tables segflow reads and writes (see migrations/). */
export interface DatabaseSchema {
  'segflow.configs': ConfigsTable;
  'segflow.runs': RunsTable;
  'segflow.run_steps': RunStepsTable;
  'segflow.profiles': ProfilesTable;
  'segflow.identity_map': IdentityMapTable;
  'segflow.identity_map_staging': IdentityMapStagingTable;
  'segflow.identity_state': IdentityStateTable;
  'segflow.merge_history': MergeHistoryTable;
  /** View: merge_history plus each profile's creation (migration 0003). */
  'segflow.profile_history': MergeHistoryTable;
  'segflow.identity_rules': IdentityRulesTable;
  'segflow.identity_values': IdentityValuesTable;
  'segflow.identity_values_staging': IdentityValuesStagingTable;
  'segflow.identity_deletions': IdentityDeletionsTable;
  'segflow.identity_runs': IdentityRunsTable;
  'segflow.run_features': RunFeaturesTable;
  'segflow.run_scaled_features': RunFeaturesTable;
  'segflow.run_assignments': RunAssignmentsTable;
  'segflow.run_models': RunModelsTable;
  'segflow.run_segments': RunSegmentsTable;
  'segflow.run_reports': RunReportsTable;
  'activation.audiences': AudiencesTable;
  'activation.audience_versions': AudienceVersionsTable;
  'activation.audience_segments': AudienceSegmentsTable;
  'activation.audience_members': AudienceMembersTable;
  'activation.current_audience_members': CurrentAudienceMembersView;
}

/** jsonb: written as JSON text (JSON.stringify), read back parsed. */
type Json = ColumnType<unknown, string, string>;

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface ConfigsTable {
  config_id: string;
  name: string;
  spec: Json;
  created_at: Timestamp;
}

export type RunStatus = 'pending' | 'running' | 'completed' | 'failed';

export interface RunsTable {
  run_id: string;
  config_id: string;
  workflow_id: string;
  status: ColumnType<RunStatus, RunStatus | undefined, RunStatus>;
  error: string | null;
  created_at: Timestamp;
  finished_at: Date | null;
}

export interface RunStepsTable {
  run_id: string;
  step: string;
  result: Json;
  completed_at: Timestamp;
}

export interface ProfilesTable {
  profile_id: number;
  created_run_id: string;
  merged_into: number | null;
  retired_run_id: string | null;
  created_at: Timestamp;
  /** Why the profile was created; null: new records. */
  created_reason: string | null;
}

export interface IdentityMapTable {
  source: string;
  record_id: string;
  profile_id: number;
  /** Candidate component key (smallest profile id in it); see migrations/0002-identity.ts. */
  candidate_id: number | null;
}

export interface IdentityMapStagingTable extends IdentityMapTable {
  run_id: string;
}

export interface IdentityStateTable {
  singleton: boolean;
  version: number;
  last_run_id: string | null;
  /** identity_ingest_seq value every record up to which is resolved; null forces a full refresh. */
  watermark: number | null;
  rules_fingerprint: string | null;
}

export interface IdentityRulesTable {
  version: number;
  rules: Json;
  created_at: Timestamp;
}

export interface IdentityValuesTable {
  value_key: number;
  /** A record carrying the value (any one): its map row gives the value's candidate component. */
  source: string;
  record_id: string;
}

export interface IdentityValuesStagingTable extends IdentityValuesTable {
  run_id: string;
}

export interface IdentityDeletionsTable {
  source: string;
  record_id: string;
  ingest_seq: ColumnType<number, number | undefined, number>;
}

export interface IdentityRunsTable {
  run_id: string;
  mode: 'full' | 'incremental';
  watermark: number | null;
  rules_version: number;
  summary: Json;
  quality: Json;
  created_at: Timestamp;
}

export interface MergeHistoryTable {
  run_id: string;
  change: string;
  profile_id: number;
  other_profile_id: number | null;
  reason: string;
  changed_at: Timestamp;
}

export interface RunFeaturesTable {
  run_id: string;
  profile_id: number;
  feature_values: number[];
}

export interface RunAssignmentsTable {
  run_id: string;
  profile_id: number;
  segment: number;
  distance: number;
}

export interface RunModelsTable {
  run_id: string;
  model: Json;
}

export interface RunSegmentsTable {
  run_id: string;
  segment: number;
  segment_id: string;
  name: string;
  description: string;
  size: number;
}

export interface RunReportsTable {
  run_id: string;
  report: Json;
}

export interface AudiencesTable {
  audience_id: string;
  config_id: string;
  name: string;
  current_version: number | null;
  updated_at: Timestamp;
}

export interface AudienceVersionsTable {
  audience_id: string;
  version: number;
  run_id: string;
  profile_count: number;
  segment_count: number;
  published_at: Timestamp;
}

export interface AudienceSegmentsTable {
  audience_id: string;
  version: number;
  segment_id: string;
  name: string;
  description: string;
  size: number;
}

export interface AudienceMembersTable {
  audience_id: string;
  version: number;
  segment_id: string;
  profile_id: number;
}

export interface CurrentAudienceMembersView {
  audience_id: string;
  audience_name: string;
  version: number;
  segment_id: string;
  segment_name: string;
  profile_id: number;
}

