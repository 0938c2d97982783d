import { sql, type Kysely } from 'kysely';

/**
 * Schemas: `sources` (what upstream systems land), `truth` (the generator's
 * planted answers, never read by the pipeline), `segflow` (pipeline state,
 * keyed by run), `activation` (published audiences that campaign tools read).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create schema if not exists sources;
    create schema if not exists truth;
    create schema if not exists segflow;
    create schema if not exists activation;

    create table sources.crm_contacts (
      contact_id text primary key,
      email text,
      phone text,
      first_name text,
      last_name text,
      age integer,
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create table sources.crm_orders (
      order_id text primary key,
      contact_id text not null,
      amount numeric(12, 2) not null,
      ordered_at timestamptz not null
    );
    create index crm_orders_contact on sources.crm_orders (contact_id);
    create table sources.web_sessions (
      session_id text primary key,
      anonymous_id text not null,
      email text,
      user_id text,
      started_at timestamptz not null,
      duration_seconds integer not null,
      channel text not null
    );
    create table sources.web_pageviews (
      pageview_id text primary key,
      session_id text not null,
      anonymous_id text not null,
      page_type text not null,
      url text not null,
      viewed_at timestamptz not null
    );
    create index web_pageviews_session on sources.web_pageviews (session_id);
    create table sources.product_users (
      product_user_id text primary key,
      email text,
      created_at timestamptz not null
    );
    create table sources.product_events (
      event_id text primary key,
      product_user_id text not null,
      event_type text not null,
      feature text,
      occurred_at timestamptz not null
    );
    create index product_events_user on sources.product_events (product_user_id);

    create table truth.people (
      person_id integer primary key,
      persona text not null
    );
    create table truth.record_owners (
      source text not null,
      record_id text not null,
      person_id integer not null,
      primary key (source, record_id)
    );

    create table segflow.configs (
      config_id text primary key,
      name text not null,
      spec jsonb not null,
      created_at timestamptz not null default now()
    );

    create table segflow.runs (
      run_id text primary key,
      config_id text not null references segflow.configs (config_id),
      workflow_id text not null unique,
      status text not null default 'pending'
        check (status in ('pending', 'running', 'completed', 'failed')),
      error text,
      created_at timestamptz not null default now(),
      finished_at timestamptz
    );

    -- One row per finished step: an activity's writes and this marker make a
    -- retried activity return the stored result instead of redoing its work.
    create table segflow.run_steps (
      run_id text not null references segflow.runs (run_id),
      step text not null,
      result jsonb not null,
      completed_at timestamptz not null default now(),
      primary key (run_id, step)
    );

    -- Stable profiles: ids survive refreshes; merged profiles point at the survivor.
    create table segflow.profiles (
      profile_id bigint primary key,
      created_run_id text not null,
      merged_into bigint references segflow.profiles (profile_id),
      retired_run_id text
    );
    create table segflow.identity_map (
      source text not null,
      record_id text not null,
      profile_id bigint not null references segflow.profiles (profile_id),
      primary key (source, record_id)
    );
    create index identity_map_profile on segflow.identity_map (profile_id);
    -- The map a run computed, before it is applied to identity_map.
    create table segflow.identity_map_staging (
      run_id text not null,
      source text not null,
      record_id text not null,
      profile_id bigint not null
    );
    create index identity_map_staging_run on segflow.identity_map_staging (run_id);
    -- One row: bumped by every applied resolution, so two runs resolving at
    -- once cannot both apply a map computed from the same old state.
    create table segflow.identity_state (
      singleton boolean primary key default true check (singleton),
      version bigint not null,
      last_run_id text
    );
    insert into segflow.identity_state (version) values (0);
    create table segflow.merge_history (
      run_id text not null,
      change text not null,
      profile_id bigint not null,
      other_profile_id bigint,
      reason text not null,
      changed_at timestamptz not null default now()
    );
    create index merge_history_profile on segflow.merge_history (profile_id);

    create table segflow.run_features (
      run_id text not null,
      profile_id bigint not null,
      feature_values double precision[] not null,
      primary key (run_id, profile_id)
    );
    create table segflow.run_scaled_features (
      run_id text not null,
      profile_id bigint not null,
      feature_values double precision[] not null,
      primary key (run_id, profile_id)
    );
    create table segflow.run_assignments (
      run_id text not null,
      profile_id bigint not null,
      segment integer not null,
      distance double precision not null,
      primary key (run_id, profile_id)
    );
    -- The fitted model of a run: features, scaler, weights, centroids; enough to score new records.
    create table segflow.run_models (
      run_id text primary key,
      model jsonb not null
    );
    create table segflow.run_segments (
      run_id text not null,
      segment integer not null,
      segment_id text not null,
      name text not null,
      description text not null,
      size integer not null,
      primary key (run_id, segment)
    );
    create table segflow.run_reports (
      run_id text primary key,
      report jsonb not null
    );

    create table activation.audiences (
      audience_id text primary key,
      config_id text not null unique,
      name text not null,
      current_version integer,
      updated_at timestamptz not null default now()
    );
    create table activation.audience_versions (
      audience_id text not null references activation.audiences (audience_id),
      version integer not null,
      run_id text not null unique,
      profile_count integer not null,
      segment_count integer not null,
      published_at timestamptz not null default now(),
      primary key (audience_id, version)
    );
    create table activation.audience_segments (
      audience_id text not null,
      version integer not null,
      segment_id text not null,
      name text not null,
      description text not null,
      size integer not null,
      primary key (audience_id, version, segment_id),
      foreign key (audience_id, version) references activation.audience_versions (audience_id, version)
    );
    create table activation.audience_members (
      audience_id text not null,
      version integer not null,
      segment_id text not null,
      profile_id bigint not null,
      primary key (audience_id, version, profile_id),
      foreign key (audience_id, version) references activation.audience_versions (audience_id, version)
    );
    create index audience_members_segment on activation.audience_members (audience_id, version, segment_id, profile_id);

    -- What campaign tools read with SQL: only the version each audience points at.
    create view activation.current_audience_members as
      select m.audience_id, a.name as audience_name, m.version, m.segment_id, s.name as segment_name, m.profile_id
      from activation.audiences a
      join activation.audience_members m on m.audience_id = a.audience_id and m.version = a.current_version
      join activation.audience_segments s
        on s.audience_id = m.audience_id and s.version = m.version and s.segment_id = m.segment_id;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop schema if exists activation cascade;
    drop schema if exists segflow cascade;
    drop schema if exists truth cascade;
    drop schema if exists sources cascade;
  `.execute(db);
}
