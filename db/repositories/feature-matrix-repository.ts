import { createMatrix, type Matrix } from '../../core/matrix.js';
import type { SegflowDatabase } from '../open-database.js';
import { quoteLiteral } from '../sql-literal.js';

export type FeatureTable = 'segflow.run_features' | 'segflow.run_scaled_features';

export interface ProfileMatrix {
  /** Ascending profile ids; row i of the matrix belongs to profileIds[i]. */
  profileIds: Float64Array;
  matrix: Matrix;
}

/** Loads a run's per-profile feature vectors, ordered by profile id, with COPY. */
export async function loadProfileMatrix(
  database: SegflowDatabase,
  table: FeatureTable,
  runId: string,
  columns: number,
  expectedRows: number,
  onProgress?: (loaded: number) => void,
): Promise<ProfileMatrix> {
  const profileIds = new Float64Array(expectedRows);
  const data = new Float64Array(expectedRows * columns);
  let row = 0;
  const query = `select profile_id, feature_values from ${table} where run_id = ${quoteLiteral(runId)} order by profile_id`;
  for await (const batch of database.copyOut(query)) {
    for (const [profileId, values] of batch) {
      if (row >= expectedRows) throw new RangeError(`${table} holds more than the ${expectedRows} rows expected for run ${runId}`);
      profileIds[row] = Number(profileId);
      const parts = values!.slice(1, -1).split(',');
      if (parts.length !== columns) throw new RangeError(`profile ${profileId} has ${parts.length} features, expected ${columns}`);
      const offset = row * columns;
      for (let j = 0; j < columns; j++) data[offset + j] = Number(parts[j]);
      row++;
    }
    onProgress?.(row);
  }
  if (row !== expectedRows) throw new RangeError(`${table} holds ${row} rows for run ${runId}, expected ${expectedRows}`);
  return { profileIds, matrix: createMatrix(row, columns, data) };
}

/** Formats a vector as a PostgreSQL array literal for COPY. */
export function arrayLiteral(values: ArrayLike<number>): string {
  let text = '{';
  for (let j = 0; j < values.length; j++) text += (j > 0 ? ',' : '') + String(values[j]);
  return text + '}';
}
