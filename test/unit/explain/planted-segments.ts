import { createMatrix } from '../../../core/matrix.js';
import type { Matrix } from '../../../core/matrix.js';
import { createRandom } from '../../../core/random.js';

export interface PlantedSegments {
  readonly original: Matrix;
  readonly scaled: Matrix;
  readonly labels: Int32Array;
  readonly centroids: Float64Array;
  readonly k: number;
  readonly featureNames: string[];
}

export const PLANTED_FEATURES = ['sessions', 'revenue', 'newsletter', 'days_since_visit'];

/**
 * Three planted groups of 100 profiles:
 *   0 "engaged": 8-10 sessions, newsletter subscribers, otherwise average;
 *   1 "big spenders": revenue 900-1100, few sessions;
 *   2 "lapsed": 60-90 days since the last visit, no newsletter.
 * Everything else is drawn from the same middling range for all groups.
 */
export function plantedSegments(seed: number): PlantedSegments {
  const random = createRandom(seed);
  const rows = 300;
  const cols = PLANTED_FEATURES.length;
  const original = createMatrix(rows, cols);
  const labels = new Int32Array(rows);
  const between = (low: number, high: number): number => low + random.next() * (high - low);
  for (let i = 0; i < rows; i++) {
    const c = i % 3;
    labels[i] = c;
    const row = [
      c === 0 ? 8 + random.int(3) : c === 1 ? random.int(2) : 2 + random.int(4),
      c === 1 ? between(900, 1100) : between(50, 200),
      c === 0 ? (random.next() < 0.95 ? 1 : 0) : c === 1 ? random.int(2) : 0,
      c === 2 ? 60 + random.int(31) : 1 + random.int(20),
    ];
    original.data.set(row.map((value, j) => (j === 1 ? Math.round(value * 100) / 100 : value)), i * cols);
  }
  // Scaled: z-scores (all weights 1); centroids are the planted groups' means in that space.
  const scaled = createMatrix(rows, cols);
  for (let j = 0; j < cols; j++) {
    let mean = 0;
    for (let i = 0; i < rows; i++) mean += original.data[i * cols + j] / rows;
    let variance = 0;
    for (let i = 0; i < rows; i++) variance += (original.data[i * cols + j] - mean) ** 2 / rows;
    for (let i = 0; i < rows; i++) scaled.data[i * cols + j] = (original.data[i * cols + j] - mean) / Math.sqrt(variance);
  }
  const k = 3;
  const centroids = new Float64Array(k * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) centroids[labels[i] * cols + j] += scaled.data[i * cols + j] / (rows / k);
  }
  return { original, scaled, labels, centroids, k, featureNames: [...PLANTED_FEATURES] };
}
