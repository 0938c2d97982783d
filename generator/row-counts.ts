import type { SourceBatch } from './source-batch.js';
import { sourceTables, truthTables, type SourceTableName, type TruthTableName } from './source-tables.js';

/** Rows seen so far per table, e.g. for the CLI's progress line. */
export type RowCounts = Record<SourceTableName | TruthTableName, number>;

export function createRowCounts(): RowCounts {
  const counts: Partial<RowCounts> = {};
  for (const table of Object.keys(sourceTables) as SourceTableName[]) counts[table] = 0;
  for (const table of Object.keys(truthTables) as TruthTableName[]) counts[table] = 0;
  return counts as RowCounts;
}

/** Adds a batch to `counts` (mutated and returned, so it can sit inside a loop or a reduce). */
export function countBatch(counts: RowCounts, batch: SourceBatch): RowCounts {
  counts[batch.table] += batch.rows.length;
  return counts;
}

/** Rows in the `sources` schema only; the truth tables are not part of the generated source data. */
export function sourceRowTotal(counts: RowCounts): number {
  let total = 0;
  for (const table of Object.keys(sourceTables) as SourceTableName[]) total += counts[table];
  return total;
}
