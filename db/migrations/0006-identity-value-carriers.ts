import { sql, type Kysely } from 'kysely';

/**
 * `identity_values` names, per linking value, one record carrying it (its
 * source and record id) instead of its candidate component. The record's map
 * row gives the component, so the rows no longer wait for resolution: a full
 * refresh loads them, on another thread and connection, while the resolver
 * runs (at 1M people, 3.8M rows and their index taken off the write after
 * resolution). The old rows cannot be converted (they name no record), so
 * they are emptied and the watermark cleared: the next refresh runs in full
 * and writes them anew.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    truncate segflow.identity_values, segflow.identity_values_staging;
    alter table segflow.identity_values drop column candidate_id,
      add column source text collate "C" not null, add column record_id text collate "C" not null;
    alter table segflow.identity_values_staging drop column candidate_id,
      add column source text collate "C" not null, add column record_id text collate "C" not null;
    update segflow.identity_state set watermark = null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    truncate segflow.identity_values, segflow.identity_values_staging;
    alter table segflow.identity_values drop column source, drop column record_id, add column candidate_id bigint not null;
    alter table segflow.identity_values_staging drop column source, drop column record_id, add column candidate_id bigint not null;
    update segflow.identity_state set watermark = null;
  `.execute(db);
}
