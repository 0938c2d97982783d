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

/**
 * Reads every record on two threads: this one parses the first half of each
 * table's pages and a worker thread the rest, both in one snapshot
 * (pg_export_snapshot, as pg_dump's parallel mode does), so no record is read
 * twice or missed while others write. Parsing and interning are the cost, not
 * PostgreSQL's side, so two parsers use both cores. The worker's records come
 * back as a few transferable arrays and two joined strings, and are appended
 * (record order never changes a resolution).
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
    const halves: Array<{ mine: PartQuery; theirs: PartQuery }> = [];
    for (const query of queries) {
      const table = `sources.${query.source}`;
      const size = await client.query<{ pages: number }>(`select (pg_relation_size(${quoteLiteral(table)}) / current_setting('block_size')::int)::int as pages`);
      const middle = Math.ceil(Number(size.rows[0].pages) / 2);
      // Pages past the size read here hold only rows the snapshot cannot see.
      const tid = quoteLiteral(`(${middle},0)`);
      halves.push({
        mine: { text: `${query.select} where s.ctid < ${tid}::tid`, types: query.types },
        theirs: { text: `${query.select} where s.ctid >= ${tid}::tid`, types: query.types },
      });
    }
    const workerData: IdentityReadWorkerData = {
      connectionString,
      snapshot: rows[0].snapshot,
      rules: compiled.rules,
      queries: halves.map((half) => half.theirs),
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
    for (const { mine } of halves) {
      for await (const chunk of copyOutBytesOn(client, mine.text)) {
        collector.parse(chunk, mine.types);
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
