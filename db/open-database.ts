import { mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { PGlite } from '@electric-sql/pglite';
import type { DatabaseSchema } from './database-schema.js';
import { decodeCopyLine, encodeCopyRow, type CopyValue } from './copy-text.js';
import { ExclusiveLock } from './exclusive-lock.js';
import { PgliteDialect } from './pglite-dialect.js';

export type CopyRows = Iterable<readonly CopyValue[]> | AsyncIterable<readonly CopyValue[]>;
export type CopyRecord = Array<string | null>;

/**
 * One database for segflow: a Kysely instance plus the bulk paths (COPY) that
 * large tables need. Either a real PostgreSQL server or the embedded one.
 */
export interface SegflowDatabase {
  readonly kind: 'postgres' | 'embedded';
  /** Where it lives, without credentials, for logs. */
  readonly description: string;
  readonly db: Kysely<DatabaseSchema>;
  /** COPY rows into `table` (schema-qualified) in the given column order; returns the row count. */
  copyIn(table: string, columns: readonly string[], rows: CopyRows): Promise<number>;
  /** Runs `COPY (query) TO STDOUT` and yields the rows in batches (fields as text, NULL as null). */
  copyOut(query: string): AsyncIterable<CopyRecord[]>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** A PostgreSQL connection string; without one, the embedded database in `embeddedDirectory` is used. */
  databaseUrl?: string;
  embeddedDirectory: string;
  maxConnections?: number;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;
const COPY_CHUNK_ROWS = 50_000;

export async function openDatabase(options: OpenDatabaseOptions): Promise<SegflowDatabase> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.maxConnections ?? 10)
    : openEmbedded(options.embeddedDirectory);
}

function openPostgres(databaseUrl: string, maxConnections: number): SegflowDatabase {
  // Profile ids are bigint in SQL but stay far below 2^53, and money is
  // numeric; both are numbers to the pipeline.
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') =>
      oid === INT8_OID || oid === NUMERIC_OID ? Number : pg.types.getTypeParser(oid, format),
  };
  const pool = new pg.Pool({ connectionString: databaseUrl, max: maxConnections, types });
  pool.on('error', () => {
    // An idle client lost its server (restart); the pool replaces it on next use.
  });
  const db = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
  const url = new URL(databaseUrl);
  return {
    kind: 'postgres',
    description: `postgres://${url.host}${url.pathname}`,
    db,
    async copyIn(table, columns, rows) {
      const client = await pool.connect();
      try {
        const stream = client.query(copyStreams.from(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
        const finished = once(stream, 'finish');
        let count = 0;
        let buffer = '';
        for await (const row of rows) {
          buffer += encodeCopyRow(row);
          count++;
          if (buffer.length > 1 << 20) {
            if (!stream.write(buffer)) await once(stream, 'drain');
            buffer = '';
          }
        }
        stream.end(buffer);
        await finished;
        return count;
      } finally {
        client.release();
      }
    },
    async *copyOut(query) {
      const client = await pool.connect();
      try {
        const stream = client.query(copyStreams.to(`COPY (${query}) TO STDOUT`));
        let rest = '';
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          const text = rest + chunk.toString('utf8');
          const lines = text.split('\n');
          rest = lines.pop() ?? '';
          yield lines.map(decodeCopyLine);
        }
        if (rest.length > 0) yield [decodeCopyLine(rest)];
      } finally {
        client.release();
      }
    },
    async close() {
      await db.destroy();
    },
  };
}

async function openEmbedded(directory: string): Promise<SegflowDatabase> {
  mkdirSync(directory, { recursive: true });
  const pglite = await PGlite.create(directory, {
    parsers: { [INT8_OID]: Number, [NUMERIC_OID]: Number },
  });
  const lock = new ExclusiveLock();
  const db = new Kysely<DatabaseSchema>({ dialect: new PgliteDialect(pglite, lock) });
  return {
    kind: 'embedded',
    description: `embedded PostgreSQL (PGlite) in ${directory}`,
    db,
    async copyIn(table, columns, rows) {
      let count = 0;
      let chunk: string[] = [];
      const flush = async (): Promise<void> => {
        if (chunk.length === 0) return;
        const blob = new Blob(chunk);
        chunk = [];
        await lock.run(() =>
          pglite.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, [], { blob }),
        );
      };
      for await (const row of rows) {
        chunk.push(encodeCopyRow(row));
        count++;
        if (chunk.length >= COPY_CHUNK_ROWS) await flush();
      }
      await flush();
      return count;
    },
    async *copyOut(query) {
      const result = await lock.run(() => pglite.query(`COPY (${query}) TO '/dev/blob'`));
      const text = result.blob ? await result.blob.text() : '';
      const lines = text.split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      for (let start = 0; start < lines.length; start += COPY_CHUNK_ROWS) {
        yield lines.slice(start, start + COPY_CHUNK_ROWS).map(decodeCopyLine);
      }
    },
    async close() {
      await db.destroy();
      await pglite.close();
    },
  };
}

/** Fails fast with a message a person can act on when the database cannot be reached. */
export async function assertDatabaseReachable(database: SegflowDatabase): Promise<void> {
  try {
    await sql`select 1`.execute(database.db);
  } catch (error) {
    throw new DatabaseUnavailableError(database.description, error);
  }
}

export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
  constructor(description: string, cause: unknown) {
    super(
      `cannot reach ${description}: ${cause instanceof Error ? cause.message : String(cause)}. ` +
        'Start PostgreSQL or unset DATABASE_URL to use the embedded database.',
      { cause },
    );
  }
}
