import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import type { InternedIdentifiers } from '../../core/identity/intern-identifiers.js';
import { valueCarriers, valueKey } from '../../core/identity/value-keys.js';
import { COPY_INTEGER_LENGTH, COPY_NEWLINE, CopyBytesWriter, COPY_TAB } from '../copy-bytes-writer.js';
import type { SegflowDatabase } from '../open-database.js';
import { runMaintenance } from '../run-maintenance.js';
import type { IdentityRecords } from './identity-record-collector.js';
import type { IdentityValuesWorkerData, IdentityValuesWorkerReply } from './identity-values-worker.js';

/**
 * What the rows of `identity_values` are made of: per value id its key parts,
 * blocked flag and a record carrying it, and the records' key text. Typed
 * arrays only, so a worker thread can be given them: the key text (most of
 * the bytes) is in SharedArrayBuffers, the rest is copied.
 */
export interface ValueRows extends Pick<InternedIdentifiers, 'valueType' | 'valueHash' | 'valueBlocked'> {
  readonly valueCarrier: Int32Array;
  readonly mapKeyText: Uint8Array;
  readonly mapKeyTextEnd: Uint32Array;
}

export const valueColumns = ['value_key', 'source', 'record_id'] as const;

export function valueRowsOf(records: IdentityRecords): ValueRows {
  const { identifiers } = records.input;
  return {
    valueType: identifiers.valueType,
    valueHash: identifiers.valueHash,
    valueBlocked: identifiers.valueBlocked,
    valueCarrier: valueCarriers(records.input),
    mapKeyText: records.mapKeyText,
    mapKeyTextEnd: records.mapKeyTextEnd,
  };
}

/**
 * One row per value that can link records (blocked and invalid values never
 * do): its key and the key of a record carrying it, as COPY bytes, each line
 * starting with `linePrefix`. The record key text is the map row's
 * (`source<TAB>record_id<TAB>`), its last tab becoming the line end.
 */
export function* valueText(linePrefix: string, rows: ValueRows): Generator<Uint8Array> {
  const { valueBlocked, valueCarrier, mapKeyText, mapKeyTextEnd } = rows;
  const prefix = Buffer.from(linePrefix, 'utf8');
  const writer = new CopyBytesWriter();
  for (let v = 0; v < valueCarrier.length; v++) {
    if (valueBlocked[v] === 1) continue;
    const record = valueCarrier[v];
    const keyStart = record === 0 ? 0 : mapKeyTextEnd[record - 1];
    const keyEnd = mapKeyTextEnd[record] - 1;
    const full = writer.reserve(prefix.length + COPY_INTEGER_LENGTH + keyEnd - keyStart + 1);
    if (full !== null) yield full;
    writer.bytes(prefix);
    writer.integer(valueKey(rows, v), COPY_TAB);
    writer.bytes(mapKeyText, keyStart, keyEnd);
    writer.bytes(newline);
  }
  yield writer.finish();
}

const newline = Uint8Array.of(COPY_NEWLINE);

/**
 * Creates and fills a full refresh's value table under a build name, indexed
 * and analyzed, for the apply transaction to swap in. Drops what an
 * interrupted attempt left first, so it can be retried.
 */
export async function loadValuesBuildTable(database: SegflowDatabase, table: string, rows: ValueRows): Promise<void> {
  const qualified = sql.table(`segflow.${table}`);
  await sql`drop table if exists ${qualified}`.execute(database.db);
  await database.createTableFromText(
    `create table segflow.${table} (value_key bigint not null, source text collate "C" not null, record_id text collate "C" not null)`,
    `segflow.${table}`,
    valueColumns,
    valueText('', rows),
  );
  await runMaintenance(database, sql`create index ${sql.id(`${table}_key`)} on ${qualified} (value_key)`);
  await runMaintenance(database, sql`analyze ${qualified}`);
}

export class IdentityValuesWorkerError extends Error {
  override readonly name = 'IdentityValuesWorkerError';
}

/**
 * Starts loading a full refresh's value table (loadValuesBuildTable). With a
 * PostgreSQL connection string it runs on a worker thread with its own
 * connection, so it overlaps resolution, which keeps this thread busy and
 * would leave the other core idle; `built` settles when it is done.
 * Otherwise (the embedded database's single connection, or
 * SEGFLOW_PARALLEL_READS=false) it is done before this returns.
 */
export async function startValuesBuild(database: SegflowDatabase, table: string, rows: ValueRows): Promise<{ built: Promise<void> }> {
  if (database.kind !== 'postgres' || database.connectionString === null) {
    await loadValuesBuildTable(database, table, rows);
    return { built: Promise.resolve() };
  }
  const workerData: IdentityValuesWorkerData = { connectionString: database.connectionString, table, rows };
  const worker = new Worker(new URL('./identity-values-worker.js', import.meta.url), { workerData });
  const built = new Promise<void>((resolve, reject) => {
    worker.on('message', (reply: IdentityValuesWorkerReply) => {
      if (reply.type === 'done') resolve();
      else reject(new IdentityValuesWorkerError(`identity value table build failed: ${reply.message}`));
    });
    worker.on('error', (error) => reject(new IdentityValuesWorkerError(`identity value table worker crashed: ${error.message}`)));
    worker.on('exit', (code) => reject(new IdentityValuesWorkerError(`identity value table worker exited with code ${code} before it finished`)));
  });
  // Whoever awaits it sees a failure; until then it must not count as unhandled.
  built.catch(() => {});
  return { built };
}
