import type { SourceTableName, TruthTableName } from './source-tables.js';

/** One column value as COPY receives it: ids and timestamps as strings, counts and amounts as numbers. */
export type SourceValue = string | number | null;

/** One row, values in the column order of `sourceTables` / `truthTables`. */
export type SourceRow = SourceValue[];

/** A chunk of rows for one table; the loader COPYs `rows` into `schema.table`. */
export interface SourceBatch {
  readonly table: SourceTableName | TruthTableName;
  readonly schema: 'sources' | 'truth';
  readonly rows: SourceRow[];
}
