import { chunkCount } from './chunks.js';
import { ClusteringInputError } from './errors.js';
import type { KernelShape, KernelState } from './hamerly-kernel.js';

/**
 * Mean over features of the population variance (scikit-learn's scale for
 * the k-means tolerance), from the PASS_INIT_STATS partial sums (of each
 * value minus row 0's, so a large offset does not cancel the spread away)
 * added in chunk order (so it does not depend on the thread count). A
 * non-finite sum means a non-finite value somewhere: only then are the rows
 * scanned, to name the first one.
 */
export function meanFeatureVariance(data: Float64Array, shape: KernelShape, state: KernelState): number {
  const { rows, cols } = shape;
  const sums = new Float64Array(cols);
  const squares = new Float64Array(cols);
  const chunks = chunkCount(rows);
  for (let chunk = 0; chunk < chunks; chunk++) {
    for (let j = 0; j < cols; j++) {
      sums[j] += state.chunkColumnSums[chunk * cols + j];
      squares[j] += state.chunkColumnSquares[chunk * cols + j];
    }
  }
  let total = 0;
  for (let j = 0; j < cols; j++) {
    if (!Number.isFinite(sums[j]) || !Number.isFinite(squares[j])) throw nonFiniteValue(data, shape, j);
    const mean = sums[j] / rows;
    total += Math.max(0, squares[j] / rows - mean * mean);
  }
  return total / cols;
}

function nonFiniteValue(data: Float64Array, { rows, cols }: KernelShape, column: number): ClusteringInputError {
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const value = data[i * cols + j];
      if (!Number.isFinite(value)) return new ClusteringInputError(`row ${i}, column ${j} is not a finite number (${value})`);
    }
  }
  return new ClusteringInputError(`column ${column}: values too large, their squares overflow`);
}
