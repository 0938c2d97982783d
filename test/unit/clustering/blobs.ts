import type { Matrix } from '../../../core/matrix.js';
import { createRandom } from '../../../core/random.js';

/** Seeded Gaussian blobs for tests: `centres` k x cols, each row drawn around a uniformly chosen centre. */
export function makeBlobs(rows: number, centres: readonly (readonly number[])[], spread: number, seed: number): { matrix: Matrix; truth: Int32Array } {
  const random = createRandom(seed);
  const cols = centres[0].length;
  const data = new Float64Array(rows * cols);
  const truth = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const c = i % centres.length;
    truth[i] = c;
    for (let j = 0; j < cols; j++) data[i * cols + j] = centres[c][j] + spread * random.normal();
  }
  return { matrix: { data, rows, cols }, truth };
}

/** Random centres uniform in [-range, range]^cols. */
export function randomCentres(k: number, cols: number, range: number, seed: number): number[][] {
  const random = createRandom(seed);
  return Array.from({ length: k }, () => Array.from({ length: cols }, () => (random.next() * 2 - 1) * range));
}
