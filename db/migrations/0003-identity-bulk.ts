import { sql, type Kysely } from 'kysely';

/**
 * Makes a full identity refresh of millions of records cheaper to write,
 * without changing what can be read:
 *
 * - `identity_map.source` and `record_id` use the "C" collation. The primary
 *   key build sorts millions of record ids; byte order with abbreviated keys
 *   sorts them in about half the time of the database's libc collation, and
 *   ids are opaque, so no linguistic order is wanted. Equality against the
 *   sources' columns (default collation) resolves to "C" and still uses the key.
 * - A profile's creation is recorded on the profile itself (`created_at`,
 *   `created_reason`; null means new records) instead of one `merge_history`
 *   row per profile: a first refresh creates a million profiles, and the
 *   history rows doubled what the swap transaction wrote. `merge_history`
 *   keeps merges, splits and retirements; the view `profile_history` shows
 *   every change of every profile, creations included, with run and reason.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table segflow.identity_map
      alter column source type text collate "C",
      alter column record_id type text collate "C";

    alter table segflow.profiles
      add column created_at timestamptz not null default now(),
      add column created_reason text;
    update segflow.profiles p
    set created_at = h.changed_at, created_reason = nullif(h.reason, 'new records')
    from segflow.merge_history h
    where h.change = 'created' and h.profile_id = p.profile_id;
    delete from segflow.merge_history where change = 'created';

    create view segflow.profile_history as
      select created_run_id as run_id, 'created' as change, profile_id, null::bigint as other_profile_id,
        coalesce(created_reason, 'new records') as reason, created_at as changed_at
      from segflow.profiles
      union all
      select run_id, change, profile_id, other_profile_id, reason, changed_at from segflow.merge_history;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop view if exists segflow.profile_history;
    insert into segflow.merge_history (run_id, change, profile_id, other_profile_id, reason, changed_at)
      select created_run_id, 'created', profile_id, null, coalesce(created_reason, 'new records'), created_at from segflow.profiles;
    alter table segflow.profiles drop column created_reason, drop column created_at;
    alter table segflow.identity_map
      alter column source type text collate "default",
      alter column record_id type text collate "default";
  `.execute(db);
}
