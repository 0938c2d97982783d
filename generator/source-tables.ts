/**
 * The source tables segflow reads, as the three upstream systems would land
 * them (CRM, web analytics, product analytics), plus the generator's ground
 * truth. Column order here is the COPY order used by the generator and the
 * loaders; migration 0001 creates the tables with exactly these columns.
 */
export const sourceTables = {
  /** CRM contacts. A person may have several contacts (duplicates, a work and a private email). */
  crm_contacts: ['contact_id', 'email', 'phone', 'first_name', 'last_name', 'age', 'created_at', 'updated_at'],
  /** CRM orders, one row per order. */
  crm_orders: ['order_id', 'contact_id', 'amount', 'ordered_at'],
  /** Web analytics sessions keyed by an anonymous cookie id; email / product user id only when the visitor logged in. */
  web_sessions: ['session_id', 'anonymous_id', 'email', 'user_id', 'started_at', 'duration_seconds', 'channel'],
  /** Web analytics page views; page_type is one of home, pricing, product, docs, blog, video, whitepaper. */
  web_pageviews: ['pageview_id', 'session_id', 'anonymous_id', 'page_type', 'url', 'viewed_at'],
  /** Product analytics users (identify calls): product user id with the email they signed up with. */
  product_users: ['product_user_id', 'email', 'created_at'],
  /** Product analytics events: event_type 'login' or 'feature_used' (then feature names the feature). */
  product_events: ['event_id', 'product_user_id', 'event_type', 'feature', 'occurred_at'],
} as const;

export type SourceTableName = keyof typeof sourceTables;

/** Ground truth, in schema `truth`; the pipeline never reads it (only evaluations and tests do). */
export const truthTables = {
  /** One row per planted person. */
  people: ['person_id', 'persona'],
  /** Owner of every identity-bearing source record (crm_contacts, web_sessions, product_users). */
  record_owners: ['source', 'record_id', 'person_id'],
} as const;

export type TruthTableName = keyof typeof truthTables;

/** The tables whose rows are identity records, and the column that names each record. */
export const identityRecordKeys = {
  crm_contacts: 'contact_id',
  web_sessions: 'session_id',
  product_users: 'product_user_id',
} as const satisfies Partial<Record<SourceTableName, string>>;

export type IdentityRecordSource = keyof typeof identityRecordKeys;
