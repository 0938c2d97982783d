import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import type { SegflowDatabase } from './open-database.js';
import * as initial from './migrations/0001-initial.js';
import * as identity from './migrations/0002-identity.js';
import * as identityBulk from './migrations/0003-identity-bulk.js';
import * as identityCandidateIndex from './migrations/0004-identity-candidate-index.js';
import * as identityMapKeyOrder from './migrations/0005-identity-map-key-order.js';
import * as identityValueCarriers from './migrations/0006-identity-value-carriers.js';

/** Numbered migrations, in order. Add new ones at the end; never edit a released one. */
const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-identity': identity,
  '0003-identity-bulk': identityBulk,
  '0004-identity-candidate-index': identityCandidateIndex,
  '0005-identity-map-key-order': identityMapKeyOrder,
  '0006-identity-value-carriers': identityValueCarriers,
};

const provider: MigrationProvider = {
  getMigrations: async () => migrations,
};

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

/** Brings the schema to the latest migration; safe to call on every start. */
export async function migrateToLatest(database: SegflowDatabase): Promise<void> {
  const migrator = new Migrator({ db: database.db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new MigrationError(`migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}
