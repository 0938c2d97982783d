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
/** COPY text in chunks of whole lines, as strings or UTF-8 bytes. */
export type CopyText = Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;

/**
 * One database for segflow: a Kysely instance plus the bulk paths (COPY) that
 * large tables need. Either a real PostgreSQL server or the embedded one.
 */
export interface SegflowDatabase {
  readonly kind: 'postgres' | 'embedded';
  /** Where it lives, without credentials, for logs. */
  readonly description: string;
  /**
   * The PostgreSQL connection string, for a worker thread that opens a
   * connection of its own and shares this one's snapshot (large identity
   * reads); null for the embedded database or when parallel reads are off.
   */
  readonly connectionString: string | null;
  readonly db: Kysely<DatabaseSchema>;
  /** COPY rows into `table` (schema-qualified) in the given column order; returns the row count. */
  copyIn(table: string, columns: readonly string[], rows: CopyRows): Promise<number>;
  /** Like copyIn, from COPY text already encoded (chunks of whole lines), for writers of millions of rows that encode faster themselves. */
  copyInText(table: string, columns: readonly string[], chunks: CopyText): Promise<void>;
  /**
   * Runs `createTable` (which creates `table`) and fills the table with
   * copyInText in the same transaction. PostgreSQL then takes the COPY with
   * FREEZE: a table no other transaction can see yet is loaded with its rows
   * already frozen and its pages all-visible, a third less work for millions
   * of rows, and later readers set no hint bits.
   */
  createTableFromText(createTable: string, table: string, columns: readonly string[], chunks: CopyText): Promise<void>;
  /** Runs `COPY (query) TO STDOUT` and yields the rows in batches (fields as text, NULL as null). */
  copyOut(query: string): AsyncIterable<CopyRecord[]>;
  /** Like copyOut, but yields the raw COPY text in chunks of whole lines (each ending in a newline), for readers that parse it themselves. */
  copyOutText(query: string): AsyncIterable<string>;
  /** Like copyOutText, as UTF-8 bytes, for readers that parse millions of rows without a string per field. */
  copyOutBytes(query: string): AsyncIterable<Buffer>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** A PostgreSQL connection string; without one, the embedded database in `embeddedDirectory` is used. */
  databaseUrl?: string;
  embeddedDirectory: string;
  maxConnections?: number;
  /** Default true; see SegflowDatabase.connectionString. */
  parallelReads?: boolean;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;
/** Bytes per COPY statement into the embedded database (it takes a blob per statement). */
const COPY_CHUNK_BYTES = 4 << 20;

export async function openDatabase(options: OpenDatabaseOptions): Promise<SegflowDatabase> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.maxConnections ?? 10, options.parallelReads ?? true)
    : openEmbedded(options.embeddedDirectory);
}

/** `COPY (query) TO STDOUT` on one client (inside its transaction, if any), as byte chunks of whole lines. */
export async function* copyOutBytesOn(client: pg.ClientBase, query: string): AsyncIterable<Buffer> {
  const stream = client.query(copyStreams.to(`COPY (${query}) TO STDOUT`));
  yield* wholeLines(stream as AsyncIterable<Buffer>);
}

/** Byte chunks → chunks that end at a line end (a line split across chunks goes whole into the next). */
async function* wholeLines(chunks: AsyncIterable<Buffer>): AsyncIterable<Buffer> {
  let rest: Buffer | null = null;
  for await (const chunk of chunks) {
    const bytes: Buffer = rest === null ? chunk : Buffer.concat([rest, chunk]);
    const end = bytes.lastIndexOf(0x0a) + 1;
    rest = end < bytes.length ? bytes.subarray(end) : null;
    if (end > 0) yield bytes.subarray(0, end);
  }
  if (rest !== null) yield Buffer.concat([rest, Buffer.from('\n')]);
}

/** COPY bytes of whole lines → text; a chunk never ends inside a character, since it ends at a newline. */
async function* decodeUtf8(chunks: AsyncIterable<Buffer>): AsyncIterable<string> {
  for await (const chunk of chunks) yield chunk.toString('utf8');
}

function openPostgres(databaseUrl: string, maxConnections: number, parallelReads: boolean): SegflowDatabase {
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
  async function copyTextOn(client: pg.PoolClient, table: string, columns: readonly string[], chunks: CopyText, options = ''): Promise<void> {
    const stream = client.query(copyStreams.from(`COPY ${table} (${columns.join(', ')}) FROM STDIN${options}`));
    const finished = once(stream, 'finish');
    for await (const chunk of chunks) {
      if (chunk.length > 0 && !stream.write(chunk)) await once(stream, 'drain');
    }
    stream.end();
    await finished;
  }
  async function copyInText(table: string, columns: readonly string[], chunks: CopyText): Promise<void> {
    const client = await pool.connect();
    try {
      await copyTextOn(client, table, columns, chunks);
    } finally {
      client.release();
    }
  }
  async function createTableFromText(createTable: string, table: string, columns: readonly string[], chunks: CopyText): Promise<void> {
    const client = await pool.connect();
    try {
      await client.query('begin');
      await client.query(createTable);
      await copyTextOn(client, table, columns, chunks, ' WITH (FREEZE)');
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }
  async function* copyOutBytes(query: string): AsyncIterable<Buffer> {
    const client = await pool.connect();
    try {
      yield* copyOutBytesOn(client, query);
    } finally {
      client.release();
    }
  }
  return {
    kind: 'postgres',
    description: `postgres://${url.host}${url.pathname}`,
    connectionString: parallelReads ? databaseUrl : null,
    db,
    createTableFromText,
    ...copyPaths(copyInText, copyOutBytes),
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
  async function copyInText(table: string, columns: readonly string[], chunks: CopyText): Promise<void> {
    let pending: Array<string | Uint8Array> = [];
    let pendingLength = 0;
    const flush = async (): Promise<void> => {
      if (pendingLength === 0) return;
      const blob = new Blob(pending);
      pending = [];
      pendingLength = 0;
      await lock.run(() => pglite.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, [], { blob }));
    };
    for await (const chunk of chunks) {
      pending.push(chunk);
      pendingLength += chunk.length;
      if (pendingLength >= COPY_CHUNK_BYTES) await flush();
    }
    await flush();
  }
  // One connection, no other reader: the table is simply created, then filled.
  async function createTableFromText(createTable: string, table: string, columns: readonly string[], chunks: CopyText): Promise<void> {
    await lock.run(() => pglite.exec(createTable));
    await copyInText(table, columns, chunks);
  }
  async function* copyOutBytes(query: string): AsyncIterable<Buffer> {
    const result = await lock.run(() => pglite.query(`COPY (${query}) TO '/dev/blob'`));
    const bytes = result.blob ? Buffer.from(await result.blob.arrayBuffer()) : Buffer.alloc(0);
    // Chunks of about a megabyte cut at line ends, like the server's stream.
    for (let start = 0; start < bytes.length; ) {
      const newline = bytes.indexOf(0x0a, Math.min(bytes.length - 1, start + (1 << 20)));
      const end = newline < 0 ? bytes.length : newline + 1;
      yield bytes.subarray(start, end);
      start = end;
    }
  }
  return {
    kind: 'embedded',
    description: `embedded PostgreSQL (PGlite) in ${directory}`,
    connectionString: null,
    db,
    createTableFromText,
    ...copyPaths(copyInText, copyOutBytes),
    async close() {
      await db.destroy();
      await pglite.close();
    },
  };
}

/** Rows → COPY text in chunks of about a megabyte; `count` holds the rows encoded so far. */
function encodeCopyChunks(rows: CopyRows): AsyncIterable<string> & { count: number } {
  const encoded = {
    count: 0,
    async *[Symbol.asyncIterator](): AsyncIterator<string> {
      let buffer = '';
      for await (const row of rows) {
        buffer += encodeCopyRow(row);
        encoded.count++;
        if (buffer.length > 1 << 20) {
          yield buffer;
          buffer = '';
        }
      }
      yield buffer;
    },
  };
  return encoded;
}

/** COPY text chunks of whole lines → decoded rows, one batch per chunk. */
async function* decodeCopyChunks(chunks: AsyncIterable<string>): AsyncIterable<CopyRecord[]> {
  for await (const chunk of chunks) yield chunk.slice(0, -1).split('\n').map(decodeCopyLine);
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

/** The row-level COPY paths on top of a database's text-level ones. */
function copyPaths(
  copyInText: SegflowDatabase['copyInText'],
  copyOutBytes: SegflowDatabase['copyOutBytes'],
): Pick<SegflowDatabase, 'copyIn' | 'copyInText' | 'copyOut' | 'copyOutText' | 'copyOutBytes'> {
  const copyOutText = (query: string): AsyncIterable<string> => decodeUtf8(copyOutBytes(query));
  return {
    async copyIn(table, columns, rows) {
      const encoded = encodeCopyChunks(rows);
      await copyInText(table, columns, encoded);
      return encoded.count;
    },
    copyInText,
    copyOut: (query) => decodeCopyChunks(copyOutText(query)),
    copyOutText,
    copyOutBytes,
  };
}
