import type { Matrix } from '../matrix.js';
import { ClusteringInputError } from './errors.js';
import { squaredDistance } from './squared-distance.js';

/**
 * Index of the centroid nearest to row (ties go to the lowest index, as in the
 * k-means kernel, so scoring a training row reproduces its training label).
 */
export function nearestCentroid(row: Float64Array, centroids: Float64Array, k: number): number {
  const cols = row.length;
  if (centroids.length !== k * cols) {
    throw new ClusteringInputError(`centroids have ${centroids.length} values, expected ${k} x ${cols}`);
  }
  let best = 0;
  let bestDistance = Infinity;
  for (let c = 0; c < k; c++) {
    const distance = squaredDistance(row, 0, centroids, c * cols, cols);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = c;
    }
  }
  return best;
}

/** Nearest-centroid label for every row of matrix (scoring new rows against a fitted model). */
export function assignToNearest(matrix: Matrix, centroids: Float64Array, k: number): Int32Array {
  const { data, rows, cols } = matrix;
  if (centroids.length !== k * cols) {
    throw new ClusteringInputError(`centroids have ${centroids.length} values, expected ${k} x ${cols}`);
  }
  const labels = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const offset = i * cols;
    let best = 0;
    let bestDistance = Infinity;
    for (let c = 0; c < k; c++) {
      const distance = squaredDistance(data, offset, centroids, c * cols, cols);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = c;
      }
    }
    labels[i] = best;
  }
  return labels;
}
