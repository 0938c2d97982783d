import { Worker } from 'node:worker_threads';
import pg from 'pg';
import type { CompiledIdentityRules } from '../../core/identity/compile-identity-rules.js';
import { copyOutBytesOn } from '../open-database.js';
import { quoteLiteral } from '../sql-literal.js';
import { IdentityRecordCollector, type IdentityRecords } from './identity-record-collector.js';
import type { IdentityReadWorkerData, IdentityReadWorkerReply, PartQuery } from './identity-read-worker.js';
import type { SourceQuery } from './identity-record-reader.js';

export class IdentityReadWorkerError extends Error {
  override readonly name = 'IdentityReadWorkerError';
}

/** About this many ranges per read: a thread that finishes early takes the next, so neither waits long for the other. */
const READ_RANGES = 32;
/**
 * Ranges per source table when the identity map holds rows: each range's
 * join then scans the map's rows of that source once (about 1.2 s of
 * PostgreSQL's time at 1M people, whatever the range's size), so a second
 * full refresh reads in a few large ranges (its read took 27.1 s in 32
 * ranges, 17.0 s in two per table).
 */
const RANGES_PER_TABLE_WITH_MAP = 2;

/**
 * Reads every record on two threads: this one and a worker thread take page
 * ranges of the source tables (TID range scans) from one shared queue until
 * it is empty, both in one snapshot (pg_export_snapshot, as pg_dump's
 * parallel mode does), so no record is read twice or missed while others
 * write. Parsing and interning are the cost, not PostgreSQL's side, so two
 * parsers use both cores; small ranges taken as each thread frees up keep
 * either from waiting for the other (fixed halves left this thread idle
 * about a second while the worker, which starts later, finished). The
 * worker's records come back as a few transferable arrays and its values as
 * one joined string, and are appended (record order never changes a
 * resolution).
 */
export async function readRecordsInParallel(
  connectionString: string,
  compiled: CompiledIdentityRules,
  queries: readonly SourceQuery[],
  expectedRecords: number,
  onProgress?: (records: number) => void,
): Promise<IdentityRecords> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  let worker: Worker | null = null;
  try {
    await client.query('begin isolation level repeatable read read only');
    const { rows } = await client.query<{ snapshot: string }>('select pg_export_snapshot() as snapshot');
    const { rows: map } = await client.query<{ populated: boolean }>('select exists (select from segflow.identity_map) as populated');
    const ranges = await pageRanges(client, queries, map[0].populated ? RANGES_PER_TABLE_WITH_MAP * queries.length : READ_RANGES);
    // The queue's cursor, shared with the worker. Range 0 is the worker's, so it always reads something.
    const cursor = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
    cursor[0] = 1;
    const workerData: IdentityReadWorkerData = {
      connectionString,
      snapshot: rows[0].snapshot,
      rules: compiled.rules,
      ranges,
      cursor,
      expectedRecords: expectedRecords / 2,
    };
    worker = new Worker(new URL('./identity-read-worker.js', import.meta.url), { workerData });
    let theirCount = 0;
    // Sized for all records: the worker's values are added to this table afterwards.
    const collector = new IdentityRecordCollector(compiled, expectedRecords);
    const theirPart = new Promise<IdentityReadWorkerReply & { type: 'done' }>((resolve, reject) => {
      worker!.on('message', (reply: IdentityReadWorkerReply) => {
        if (reply.type === 'progress') {
          theirCount = reply.records;
          onProgress?.(collector.recordCount + theirCount);
        } else if (reply.type === 'done') resolve(reply);
        else reject(new IdentityReadWorkerError(`identity read worker failed: ${reply.message}`));
      });
      worker!.on('error', (error) => reject(new IdentityReadWorkerError(`identity read worker crashed: ${error.message}`)));
      worker!.on('exit', (code) => reject(new IdentityReadWorkerError(`identity read worker exited with code ${code} before it finished`)));
    });
    // A failure here must not leave the worker's rejection unhandled.
    theirPart.catch(() => {});
    for (let next = Atomics.add(cursor, 0, 1); next < ranges.length; next = Atomics.add(cursor, 0, 1)) {
      for await (const chunk of copyOutBytesOn(client, ranges[next].text)) {
        collector.parse(chunk, ranges[next].types);
        onProgress?.(collector.recordCount + theirCount);
      }
    }
    // The exported snapshot lives as long as this transaction: commit only once the worker is done with it.
    const { part } = await theirPart;
    await client.query('commit');
    collector.appendPart(part);
    return collector.finish();
  } finally {
    await worker?.terminate();
    await client.end();
  }
}

/**
 * Each source's select split into page ranges of about the same number of
 * rows (tables differ in rows per page, and parsing costs by the row),
 * `rangeCount` in all. Rows per page come from the planner's statistics; a
 * table without them counts a row per page. Read in the exported snapshot's
 * transaction: pages past the size read here hold only rows the snapshot
 * cannot see, and the last range of each table is open-ended anyway.
 */
async function pageRanges(client: pg.Client, queries: readonly SourceQuery[], rangeCount: number): Promise<PartQuery[]> {
  const tables: Array<{ pages: number; rowsPerPage: number }> = [];
  for (const query of queries) {
    const table = quoteLiteral(`sources.${query.source}`);
    const { rows } = await client.query<{ pages: number; rows_per_page: number }>(
      `select (pg_relation_size(${table}) / current_setting('block_size')::int)::int as pages,
        (select case when relpages > 0 and reltuples > 0 then reltuples / relpages else 1 end from pg_class where oid = ${table}::regclass)::float8 as rows_per_page`,
    );
    tables.push({ pages: Number(rows[0].pages), rowsPerPage: Number(rows[0].rows_per_page) });
  }
  const rangeRows = tables.reduce((sum, table) => sum + table.pages * table.rowsPerPage, 0) / rangeCount;
  const tid = (page: number): string => `${quoteLiteral(`(${page},0)`)}::tid`;
  return queries.flatMap((query, q) => {
    const { pages, rowsPerPage } = tables[q];
    const rangePages = Math.max(1, Math.ceil(rangeRows / rowsPerPage));
    const ranges: PartQuery[] = [];
    for (let start = 0; start === 0 || start < pages; start += rangePages) {
      const end = start + rangePages;
      const conditions = [...(start > 0 ? [`s.ctid >= ${tid(start)}`] : []), ...(end < pages ? [`s.ctid < ${tid(end)}`] : [])];
      ranges.push({ text: conditions.length === 0 ? query.select : `${query.select} where ${conditions.join(' and ')}`, types: query.types });
    }
    return ranges;
  });
}
