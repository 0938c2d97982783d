import { sql, type RawBuilder } from 'kysely';
import type { SegflowDatabase } from './open-database.js';

/**
 * Runs a bulk maintenance statement (an index build, analyze) in a
 * transaction of its own, allowed enough memory to sort millions of rows in
 * memory rather than in temporary files.
 */
export async function runMaintenance(database: SegflowDatabase, statement: RawBuilder<unknown>): Promise<void> {
  await database.db.transaction().execute(async (transaction) => {
    await sql`set local maintenance_work_mem = '256MB'`.execute(transaction);
    await statement.execute(transaction);
  });
}
