import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../open-database.js';
import { loadValuesBuildTable, type ValueRows } from './identity-value-rows.js';

export interface IdentityValuesWorkerData {
  readonly connectionString: string;
  /** The build table's name in schema segflow. */
  readonly table: string;
  readonly rows: ValueRows;
}

export type IdentityValuesWorkerReply = { readonly type: 'done' } | { readonly type: 'error'; readonly message: string };

const port = parentPort;
if (port === null) throw new Error('identity-values-worker must run as a worker thread');
const { connectionString, table, rows } = workerData as IdentityValuesWorkerData;

// The embedded directory is unused: a connection string always opens PostgreSQL.
const database = await openDatabase({ databaseUrl: connectionString, embeddedDirectory: '', maxConnections: 1 });
try {
  await loadValuesBuildTable(database, table, rows);
  port.postMessage({ type: 'done' } satisfies IdentityValuesWorkerReply);
} catch (error) {
  port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) } satisfies IdentityValuesWorkerReply);
} finally {
  await database.close();
}
