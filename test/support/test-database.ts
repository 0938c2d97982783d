import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrateToLatest } from '../../db/migrate.js';
import { openDatabase, type SegflowDatabase } from '../../db/open-database.js';

export interface TestDatabase {
  readonly url: string;
  readonly database: SegflowDatabase;
  /** Closes the connections and drops the database. */
  drop(): Promise<void>;
}

const adminUrl = process.env.SEGFLOW_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A fresh, migrated PostgreSQL database of its own for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `segflow_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), embeddedDirectory: '' });
  await migrateToLatest(database);
  return {
    url: url.toString(),
    database,
    async drop() {
      await database.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

async function adminQuery(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
