import { readFile } from 'node:fs/promises';
import { createMatrix } from '../core/matrix.js';
import type { Matrix } from '../core/matrix.js';
import { parseCsv } from '../core/parse-csv.js';

/** A CSV file that cannot be read as an id column plus numeric feature columns. */
export class CsvTableError extends Error {
  override readonly name = 'CsvTableError';

  constructor(
    message: string,
    /** 1-based record number counting the header as record 1, when the problem is in one record. */
    readonly record: number | null = null,
    readonly column: string | null = null,
  ) {
    super(message);
  }
}

export interface CsvTable {
  readonly ids: string[];
  /** Feature column names, in matrix column order (the id column excluded). */
  readonly columns: string[];
  readonly matrix: Matrix;
}

/**
 * Reads a CSV file with a header row: the id column (the first column, or
 * the one named idColumn) and numeric features in every other column (CSV
 * syntax: core/parse-csv.ts). Empty or non-numeric feature values are errors
 * naming the record and column: segflow does not guess missing values.
 */
export async function readCsvTable(path: string, idColumn?: string): Promise<CsvTable> {
  const records = parseCsv(await readFile(path, 'utf8'));
  const header = records.next();
  if (header.done) throw new CsvTableError(`${path} is empty: expected a header row`);
  const names = header.value;
  const idIndex = idColumn === undefined ? 0 : names.indexOf(idColumn);
  if (idIndex < 0) throw new CsvTableError(`${path} has no column named "${idColumn}" (columns: ${names.join(', ')})`, 1, idColumn ?? null);
  const columns = names.filter((_, index) => index !== idIndex);
  if (columns.length === 0) throw new CsvTableError(`${path} has no feature columns besides the id column`, 1);
  const ids: string[] = [];
  const values: number[] = [];
  let record = 1;
  for (const fields of records) {
    record++;
    if (fields.length === 1 && fields[0] === '') continue;
    if (fields.length !== names.length) throw new CsvTableError(`${path} record ${record} has ${fields.length} fields, the header has ${names.length}`, record);
    ids.push(fields[idIndex]);
    for (let index = 0; index < fields.length; index++) {
      if (index === idIndex) continue;
      const text = fields[index].trim();
      const value = text === '' ? Number.NaN : Number(text);
      if (!Number.isFinite(value)) {
        throw new CsvTableError(`${path} record ${record}, column "${names[index]}": "${fields[index]}" is not a finite number`, record, names[index]);
      }
      values.push(value);
    }
  }
  return { ids, columns, matrix: createMatrix(ids.length, columns.length, Float64Array.from(values)) };
}
