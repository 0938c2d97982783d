import type { Matrix } from '../matrix.js';
import { ClusteringInputError } from './errors.js';
import { yieldToEventLoop } from './yield-to-event-loop.js';

const ROWS_PER_SLICE = 65536;

/**
 * Mean over features of the population variance (scikit-learn's scale for
 * the k-means tolerance). One pass over the rows, with every value shifted by
 * the first row so that a large offset does not cancel the spread away; also
 * rejects non-finite values, naming the first one.
 */
export async function meanFeatureVariance(matrix: Matrix): Promise<number> {
  const { data, rows, cols } = matrix;
  const sums = new Float64Array(cols);
  const squares = new Float64Array(cols);
  for (let start = 0; start < rows; start += ROWS_PER_SLICE) {
    const end = Math.min(rows, start + ROWS_PER_SLICE);
    for (let i = start; i < end; i++) {
      const offset = i * cols;
      for (let j = 0; j < cols; j++) {
        const value = data[offset + j];
        if (!Number.isFinite(value)) throw new ClusteringInputError(`row ${i}, column ${j} is not a finite number (${value})`);
        const shifted = value - data[j];
        sums[j] += shifted;
        squares[j] += shifted * shifted;
      }
    }
    if (end < rows) await yieldToEventLoop();
  }
  let total = 0;
  for (let j = 0; j < cols; j++) {
    const mean = sums[j] / rows;
    total += Math.max(0, squares[j] / rows - mean * mean);
  }
  return total / cols;
}
