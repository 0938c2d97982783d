import type { Matrix } from './matrix.js';
import { createRandom } from './random.js';

/** Seeded sample of row indices without replacement, in increasing order (all rows if there are few). */
export function sampleRowIndexes(rows: number, size: number, seed: number): Int32Array {
  if (rows <= size) return Int32Array.from({ length: rows }, (_, i) => i);
  const random = createRandom(seed);
  const picked = new Set<number>();
  while (picked.size < size) picked.add(random.int(rows));
  return Int32Array.from([...picked].sort((a, b) => a - b));
}

export function gatherRows(matrix: Matrix, rows: Int32Array): Matrix {
  const { data, cols } = matrix;
  const out = new Float64Array(rows.length * cols);
  for (let i = 0; i < rows.length; i++) out.set(data.subarray(rows[i] * cols, (rows[i] + 1) * cols), i * cols);
  return { data: out, rows: rows.length, cols };
}

/** A seeded uniform sample of `size` rows (the matrix itself when it has no more). */
export function sampleRows(matrix: Matrix, size: number, seed: number): Matrix {
  return matrix.rows <= size ? matrix : gatherRows(matrix, sampleRowIndexes(matrix.rows, size, seed));
}
