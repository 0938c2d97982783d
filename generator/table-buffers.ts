import type { SourceBatch, SourceRow } from './source-batch.js';
import type { SourceTableName, TruthTableName } from './source-tables.js';

/** Rows of one table waiting to be yielded as a batch. */
export interface TableBuffer {
  readonly table: SourceTableName | TruthTableName;
  readonly schema: 'sources' | 'truth';
  rows: SourceRow[];
}

/** One buffer per output table; the generator pushes rows straight into `rows`. */
export interface TableBuffers {
  readonly people: TableBuffer;
  readonly crmContacts: TableBuffer;
  readonly crmOrders: TableBuffer;
  readonly webSessions: TableBuffer;
  readonly webPageviews: TableBuffer;
  readonly productUsers: TableBuffer;
  readonly productEvents: TableBuffer;
  readonly recordOwners: TableBuffer;
  /** All of the above, parents before children. */
  readonly all: readonly TableBuffer[];
}

export function createTableBuffers(): TableBuffers {
  const buffer = (table: TableBuffer['table'], schema: TableBuffer['schema']): TableBuffer => ({ table, schema, rows: [] });
  const people = buffer('people', 'truth');
  const crmContacts = buffer('crm_contacts', 'sources');
  const crmOrders = buffer('crm_orders', 'sources');
  const webSessions = buffer('web_sessions', 'sources');
  const webPageviews = buffer('web_pageviews', 'sources');
  const productUsers = buffer('product_users', 'sources');
  const productEvents = buffer('product_events', 'sources');
  const recordOwners = buffer('record_owners', 'truth');
  return {
    people,
    crmContacts,
    crmOrders,
    webSessions,
    webPageviews,
    productUsers,
    productEvents,
    recordOwners,
    all: [people, crmContacts, crmOrders, webSessions, webPageviews, productUsers, productEvents, recordOwners],
  };
}

/** Rows currently held across all buffers. */
export function bufferedRows(buffers: TableBuffers): number {
  let total = 0;
  for (const buffer of buffers.all) total += buffer.rows.length;
  return total;
}

/**
 * Yields every non-empty buffer in `all` order, so a parent table's batch
 * always comes before its child's: a loader that COPYs batches in order never
 * sees an order before its contact or a page view before its session.
 */
export function* drainAll(buffers: TableBuffers): Generator<SourceBatch> {
  for (const buffer of buffers.all) {
    if (buffer.rows.length > 0) yield takeBatch(buffer);
  }
}

function takeBatch(buffer: TableBuffer): SourceBatch {
  const batch: SourceBatch = { table: buffer.table, schema: buffer.schema, rows: buffer.rows };
  buffer.rows = [];
  return batch;
}
