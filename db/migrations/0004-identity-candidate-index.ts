import { sql, type Kysely } from 'kysely';

/**
 * `identity_map_candidate` indexes only the rows whose candidate component
 * key differs from their profile id. Almost every candidate component is one
 * profile whose id is its key (10,230 of 4.9M records differ at 1M people),
 * so the full index duplicated the profile index, and building it took as
 * long as the primary key in a full refresh. The rows of component C are
 * those with `profile_id = C and candidate_id = profile_id` (profile index)
 * plus those with `candidate_id = C and candidate_id <> profile_id` (this
 * index); `inCandidateComponents` writes that condition.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index segflow.identity_map_candidate;
    create index identity_map_candidate on segflow.identity_map (candidate_id) where candidate_id <> profile_id;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index segflow.identity_map_candidate;
    create index identity_map_candidate on segflow.identity_map (candidate_id);
  `.execute(db);
}
