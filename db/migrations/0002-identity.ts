import { sql, type Kysely } from 'kysely';

/**
 * Identity resolution state beyond the map of 0001:
 *
 * - `segflow.identity_rules`: the global identity rules (one identity graph),
 *   versioned; no row means the built-in defaults.
 * - `ingest_seq` on the three identity source tables: a number from one shared
 *   sequence, set on insert (column default) and on every update (trigger).
 *   Deleted records are logged with a number from the same sequence in
 *   `segflow.identity_deletions`. A refresh records the sequence value it
 *   covered (`identity_state.watermark`); the next one reads only records
 *   above it. TRUNCATE logs nothing, so it clears the watermark (and bumps the
 *   version, failing a refresh in flight): the next refresh is a full one.
 * - `identity_map.candidate_id`: the record's candidate component (everything
 *   its non-blocked identifiers connect, before limits), keyed by the smallest
 *   profile id in it, and `segflow.identity_values`: normalized identifier
 *   value key → candidate component. An incremental refresh expands changed
 *   records to the whole candidate components they touch through these.
 * - `segflow.identity_runs`: what each refresh did, with its quality report.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table segflow.identity_rules (
      version integer primary key,
      rules jsonb not null,
      created_at timestamptz not null default now()
    );

    create sequence sources.identity_ingest_seq;
    alter table sources.crm_contacts add column ingest_seq bigint not null default nextval('sources.identity_ingest_seq');
    alter table sources.web_sessions add column ingest_seq bigint not null default nextval('sources.identity_ingest_seq');
    alter table sources.product_users add column ingest_seq bigint not null default nextval('sources.identity_ingest_seq');
    create index crm_contacts_ingest_seq on sources.crm_contacts (ingest_seq);
    create index web_sessions_ingest_seq on sources.web_sessions (ingest_seq);
    create index product_users_ingest_seq on sources.product_users (ingest_seq);

    create table segflow.identity_deletions (
      source text not null,
      record_id text not null,
      ingest_seq bigint not null default nextval('sources.identity_ingest_seq')
    );
    create index identity_deletions_seq on segflow.identity_deletions (ingest_seq);

    create function sources.identity_record_updated() returns trigger language plpgsql as $$
    begin
      new.ingest_seq := nextval('sources.identity_ingest_seq');
      return new;
    end $$;

    -- Statement level with a transition table, so bulk deletes log in one insert. TG_ARGV[0]: the key column.
    create function sources.identity_records_deleted() returns trigger language plpgsql as $$
    begin
      execute format('insert into segflow.identity_deletions (source, record_id) select %L, %I from removed', tg_table_name, tg_argv[0]);
      return null;
    end $$;

    create function sources.identity_records_truncated() returns trigger language plpgsql as $$
    begin
      update segflow.identity_state set watermark = null, version = version + 1;
      return null;
    end $$;

    create trigger identity_record_updated before update on sources.crm_contacts
      for each row execute function sources.identity_record_updated();
    create trigger identity_record_updated before update on sources.web_sessions
      for each row execute function sources.identity_record_updated();
    create trigger identity_record_updated before update on sources.product_users
      for each row execute function sources.identity_record_updated();
    create trigger identity_records_deleted after delete on sources.crm_contacts
      referencing old table as removed for each statement execute function sources.identity_records_deleted('contact_id');
    create trigger identity_records_deleted after delete on sources.web_sessions
      referencing old table as removed for each statement execute function sources.identity_records_deleted('session_id');
    create trigger identity_records_deleted after delete on sources.product_users
      referencing old table as removed for each statement execute function sources.identity_records_deleted('product_user_id');
    create trigger identity_records_truncated after truncate on sources.crm_contacts
      for each statement execute function sources.identity_records_truncated();
    create trigger identity_records_truncated after truncate on sources.web_sessions
      for each statement execute function sources.identity_records_truncated();
    create trigger identity_records_truncated after truncate on sources.product_users
      for each statement execute function sources.identity_records_truncated();

    alter table segflow.identity_state
      add column watermark bigint,
      add column rules_fingerprint text;

    alter table segflow.identity_map add column candidate_id bigint;
    create index identity_map_candidate on segflow.identity_map (candidate_id);
    alter table segflow.identity_map_staging add column candidate_id bigint;

    create table segflow.identity_values (
      value_key bigint not null,
      candidate_id bigint not null
    );
    create index identity_values_key on segflow.identity_values (value_key);
    create table segflow.identity_values_staging (
      run_id text not null,
      value_key bigint not null,
      candidate_id bigint not null
    );

    create table segflow.identity_runs (
      run_id text primary key,
      mode text not null check (mode in ('full', 'incremental')),
      watermark bigint,
      rules_version integer not null,
      summary jsonb not null,
      quality jsonb not null,
      created_at timestamptz not null default now()
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table if exists segflow.identity_runs, segflow.identity_values_staging, segflow.identity_values,
      segflow.identity_deletions, segflow.identity_rules;
    alter table segflow.identity_map_staging drop column if exists candidate_id;
    alter table segflow.identity_map drop column if exists candidate_id;
    alter table segflow.identity_state drop column if exists watermark, drop column if exists rules_fingerprint;
    drop trigger if exists identity_record_updated on sources.crm_contacts;
    drop trigger if exists identity_record_updated on sources.web_sessions;
    drop trigger if exists identity_record_updated on sources.product_users;
    drop trigger if exists identity_records_deleted on sources.crm_contacts;
    drop trigger if exists identity_records_deleted on sources.web_sessions;
    drop trigger if exists identity_records_deleted on sources.product_users;
    drop trigger if exists identity_records_truncated on sources.crm_contacts;
    drop trigger if exists identity_records_truncated on sources.web_sessions;
    drop trigger if exists identity_records_truncated on sources.product_users;
    drop function if exists sources.identity_record_updated(), sources.identity_records_deleted(), sources.identity_records_truncated();
    alter table sources.crm_contacts drop column if exists ingest_seq;
    alter table sources.web_sessions drop column if exists ingest_seq;
    alter table sources.product_users drop column if exists ingest_seq;
    drop sequence if exists sources.identity_ingest_seq;
  `.execute(db);
}
