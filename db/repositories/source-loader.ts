import { sql } from 'kysely';
import { generateSources, type GenerateOptions } from '../../generator/generate-sources.js';
import { sourceTables, truthTables } from '../../generator/source-tables.js';
import type { SegflowDatabase } from '../open-database.js';

export interface LoadProgress {
  people: number;
  rows: number;
}

/**
 * Replaces the source tables and the ground truth with freshly generated
 * people, streaming the generator's batches into COPY.
 */
export async function loadGeneratedSources(
  database: SegflowDatabase,
  options: GenerateOptions,
  onProgress?: (progress: LoadProgress) => void,
): Promise<Record<string, number>> {
  const tables = [
    ...Object.keys(sourceTables).map((table) => `sources.${table}`),
    ...Object.keys(truthTables).map((table) => `truth.${table}`),
  ];
  await sql`truncate ${sql.join(tables.map((table) => sql.table(table)))}`.execute(database.db);
  const counts: Record<string, number> = {};
  let rows = 0;
  let people = 0;
  for (const batch of generateSources(options)) {
    const columns = batch.schema === 'sources' ? sourceTables[batch.table as keyof typeof sourceTables] : truthTables[batch.table as keyof typeof truthTables];
    await database.copyIn(`${batch.schema}.${batch.table}`, columns, batch.rows);
    counts[batch.table] = (counts[batch.table] ?? 0) + batch.rows.length;
    rows += batch.rows.length;
    if (batch.table === 'people') people += batch.rows.length;
    onProgress?.({ people, rows });
  }
  await sql`analyze`.execute(database.db);
  return counts;
}
