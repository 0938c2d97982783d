import { sql } from 'kysely';
import { identityRecordKeys } from '../../generator/source-tables.js';
import type { SegflowDatabase } from '../open-database.js';

/**
 * The ingest sequence value below which every record change is committed.
 * A SHARE lock on the identity source tables waits for the transactions
 * writing them (which hold their sequence numbers) to finish and keeps new
 * ones out while the sequence is read; it is released at once. Taken before
 * the records are read, so a change committed meanwhile is read by this
 * refresh and again by the next one (harmless: refreshes are idempotent),
 * never by neither.
 */
export async function takeIdentityWatermark(database: SegflowDatabase): Promise<number> {
  const tables = Object.keys(identityRecordKeys).map((source) => sql.table(`sources.${source}`));
  return database.db.transaction().execute(async (transaction) => {
    await sql`lock table ${sql.join(tables)} in share mode`.execute(transaction);
    const { rows } = await sql<{ value: number | string }>`
      select case when is_called then last_value else 0 end as value from sources.identity_ingest_seq`.execute(transaction);
    return Number(rows[0].value);
  });
}
