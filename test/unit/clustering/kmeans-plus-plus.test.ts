import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kmeansPlusPlus } from '../../../core/clustering/kmeans-plus-plus.js';
import { squaredDistance } from '../../../core/clustering/squared-distance.js';
import type { Matrix } from '../../../core/matrix.js';
import { createRandom } from '../../../core/random.js';
import type { Random } from '../../../core/random.js';
import { makeBlobs, randomCentres } from './blobs.js';

/** Greedy k-means++ as a plain loop, one candidate at a time: what the WebAssembly seeding must reproduce exactly. */
function referenceSeeding({ data, rows, cols }: Matrix, k: number, random: Random): Float64Array {
  const centres = new Float64Array(k * cols);
  const trials = 2 + Math.floor(Math.log(k));
  const first = random.int(rows);
  centres.set(data.subarray(first * cols, (first + 1) * cols));
  let closest: Float64Array = Float64Array.from({ length: rows }, (_, i) => squaredDistance(data, i * cols, centres, 0, cols));
  let potential = closest.reduce((sum, value) => sum + value, 0);
  for (let c = 1; c < k; c++) {
    const cumulative = new Float64Array(rows);
    let running = 0;
    closest.forEach((value, i) => (cumulative[i] = running += value));
    let best: { row: number; potential: number; closest: Float64Array } | null = null;
    for (let t = 0; t < trials; t++) {
      const target = random.next() * potential;
      const row = Math.min(rows - 1, cumulative.findIndex((value) => value >= target) >>> 0);
      const candidate = Float64Array.from(closest, (value, i) => Math.min(value, squaredDistance(data, i * cols, data, row * cols, cols)));
      const candidatePotential = candidate.reduce((sum, value) => sum + value, 0);
      if (best === null || candidatePotential < best.potential) best = { row, potential: candidatePotential, closest: candidate };
    }
    if (best === null) throw new Error('no candidate');
    closest = best.closest;
    potential = best.potential;
    centres.set(data.subarray(best.row * cols, (best.row + 1) * cols), c * cols);
  }
  return centres;
}

describe('kmeansPlusPlus', () => {
  it('chooses exactly the centres of the plain one-candidate-at-a-time loop', async () => {
    for (const [k, cols, seed] of [[2, 3, 1], [5, 7, 2], [9, 22, 3]]) {
      const { matrix } = makeBlobs(9000, randomCentres(k, cols, 5, seed), 2, seed + 10);
      const seeded = await kmeansPlusPlus(matrix, k, createRandom(seed));
      assert.deepEqual(Buffer.from(seeded.buffer), Buffer.from(referenceSeeding(matrix, k, createRandom(seed)).buffer), `k ${k}, cols ${cols}`);
    }
  });
});
