import type { Matrix } from '../matrix.js';
import { squaredDistance } from './squared-distance.js';

/** Calinski-Harabasz and Davies-Bouldin for one labelling, as scikit-learn defines them (cluster means from the labels). */
export interface ClusterQuality {
  readonly calinskiHarabasz: number;
  readonly daviesBouldin: number;
}

export function clusterQuality(matrix: Matrix, labels: Int32Array, k: number): ClusterQuality {
  const { data, rows, cols } = matrix;
  const counts = new Float64Array(k);
  const means = new Float64Array(k * cols);
  const overall = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const label = labels[i];
    counts[label]++;
    for (let j = 0; j < cols; j++) {
      means[label * cols + j] += data[i * cols + j];
      overall[j] += data[i * cols + j];
    }
  }
  for (let j = 0; j < cols; j++) overall[j] /= rows;
  for (let c = 0; c < k; c++) for (let j = 0; j < cols; j++) if (counts[c] > 0) means[c * cols + j] /= counts[c];

  let within = 0;
  const scatter = new Float64Array(k);
  for (let i = 0; i < rows; i++) {
    const distance = squaredDistance(data, i * cols, means, labels[i] * cols, cols);
    within += distance;
    scatter[labels[i]] += Math.sqrt(distance);
  }
  let between = 0;
  for (let c = 0; c < k; c++) {
    if (counts[c] === 0) continue;
    between += counts[c] * squaredDistance(means, c * cols, overall, 0, cols);
    scatter[c] /= counts[c];
  }
  const used = counts.filter((count) => count > 0).length;
  const calinskiHarabasz = used < 2 || within === 0 ? (within === 0 ? 1 : 0) : (between * (rows - used)) / (within * (used - 1));

  let daviesSum = 0;
  for (let c = 0; c < k; c++) {
    if (counts[c] === 0) continue;
    let worst = 0;
    for (let other = 0; other < k; other++) {
      if (other === c || counts[other] === 0) continue;
      const separation = Math.sqrt(squaredDistance(means, c * cols, means, other * cols, cols));
      const ratio = separation === 0 ? Infinity : (scatter[c] + scatter[other]) / separation;
      if (ratio > worst) worst = ratio;
    }
    daviesSum += worst;
  }
  return { calinskiHarabasz, daviesBouldin: used < 2 ? 0 : daviesSum / used };
}

/**
 * Mean silhouette of the rows of sample under several labellings at once:
 * each pairwise distance (the O(n^2) part) is computed once and shared.
 * A row alone in its cluster scores 0, as in scikit-learn.
 */
export function silhouetteScores(sample: Matrix, labellings: readonly Int32Array[], ks: readonly number[]): number[] {
  const { data, rows, cols } = sample;
  const bases: number[] = [];
  let width = 0;
  for (const k of ks) {
    bases.push(width);
    width += k;
  }
  const counts = new Float64Array(width);
  for (let t = 0; t < labellings.length; t++) for (let i = 0; i < rows; i++) counts[bases[t] + labellings[t][i]]++;
  // sums[i * width + base_t + c]: total distance from row i to the rows of cluster c under labelling t.
  const sums = new Float64Array(rows * width);
  for (let i = 0; i < rows; i++) {
    for (let j = i + 1; j < rows; j++) {
      const distance = Math.sqrt(squaredDistance(data, i * cols, data, j * cols, cols));
      for (let t = 0; t < labellings.length; t++) {
        sums[i * width + bases[t] + labellings[t][j]] += distance;
        sums[j * width + bases[t] + labellings[t][i]] += distance;
      }
    }
  }
  return labellings.map((labels, t) => {
    let total = 0;
    for (let i = 0; i < rows; i++) {
      const own = labels[i];
      const ownCount = counts[bases[t] + own];
      if (ownCount < 2) continue;
      const a = sums[i * width + bases[t] + own] / (ownCount - 1);
      let b = Infinity;
      for (let c = 0; c < ks[t]; c++) {
        const count = counts[bases[t] + c];
        if (c !== own && count > 0) b = Math.min(b, sums[i * width + bases[t] + c] / count);
      }
      if (b === Infinity) continue;
      const spread = Math.max(a, b);
      total += spread === 0 ? 0 : (b - a) / spread;
    }
    return rows === 0 ? 0 : total / rows;
  });
}
