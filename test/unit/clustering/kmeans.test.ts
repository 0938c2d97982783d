import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kmeans as mlKmeans } from 'ml-kmeans';
import { ClusteringInputError } from '../../../core/clustering/errors.js';
import { kmeans } from '../../../core/clustering/kmeans.js';
import type { KMeansIterationInfo } from '../../../core/clustering/kmeans.js';
import { kmeansPlusPlus } from '../../../core/clustering/kmeans-plus-plus.js';
import { assignToNearest, nearestCentroid } from '../../../core/clustering/nearest-centroid.js';
import type { Matrix } from '../../../core/matrix.js';
import { createRandom } from '../../../core/random.js';
import { makeBlobs, randomCentres } from './blobs.js';

const line = (values: number[]): Matrix => ({ data: Float64Array.from(values), rows: values.length, cols: 1 });

function inertiaOf(matrix: Matrix, centroids: Float64Array, labels: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < matrix.rows; i++) {
    for (let j = 0; j < matrix.cols; j++) {
      const d = matrix.data[i * matrix.cols + j] - centroids[labels[i] * matrix.cols + j];
      total += d * d;
    }
  }
  return total;
}

describe('kmeans', () => {
  it('finds the hand-computed centres of two 1-D groups', async () => {
    const result = await kmeans(line([0, 1, 2, 10, 11, 12]), { k: 2, seed: 1, initialCentroids: Float64Array.from([0, 12]) });
    assert.deepEqual(Array.from(result.centroids), [1, 11]);
    assert.deepEqual(Array.from(result.labels), [0, 0, 0, 1, 1, 1]);
    assert.deepEqual(Array.from(result.sizes), [3, 3]);
    assert.equal(result.inertia, 4);
    // Iteration 1 moves the centres, iteration 2 changes no label.
    assert.equal(result.iterations, 2);
    assert.equal(result.converged, true);
  });

  it('finds the same partition from k-means++ seeding', async () => {
    const result = await kmeans(line([0, 1, 2, 10, 11, 12]), { k: 2, seed: 7 });
    assert.equal(result.inertia, 4);
    assert.deepEqual([...result.centroids].sort((a, b) => a - b), [1, 11]);
  });

  it('repairs an empty cluster with the row farthest from its centre (lowest index on ties)', async () => {
    // Centre 1000 attracts nothing; rows 2 (value 2) and 3 (value 10) are both at squared distance 4: row 2 moves.
    const result = await kmeans(line([0, 1, 2, 10, 11, 12]), { k: 3, seed: 1, initialCentroids: Float64Array.from([0, 12, 1000]) });
    assert.deepEqual(Array.from(result.labels), [0, 0, 2, 1, 1, 1]);
    assert.deepEqual(Array.from(result.centroids), [0.5, 11, 2]);
    assert.deepEqual(Array.from(result.sizes), [2, 3, 1]);
    assert.equal(result.inertia, 2.5);
  });

  it('is bit-identical with 1, 2 and 3 worker threads', async () => {
    const { matrix } = makeBlobs(20000, randomCentres(6, 5, 4, 11), 1.5, 12);
    const one = await kmeans(matrix, { k: 6, seed: 3, nInit: 2, threads: 1 });
    for (const threads of [2, 3]) {
      const many = await kmeans(matrix, { k: 6, seed: 3, nInit: 2, threads });
      assert.deepEqual(many.labels, one.labels);
      assert.deepEqual(Buffer.from(many.centroids.buffer), Buffer.from(one.centroids.buffer));
      assert.equal(many.inertia, one.inertia);
      assert.equal(many.iterations, one.iterations);
    }
  });

  it('gives pooled workers back after a cancelled fit, and the next fit is unaffected', async () => {
    const { matrix } = makeBlobs(20000, randomCentres(5, 4, 4, 21), 1.5, 22);
    const options = { k: 5, seed: 4, threads: 2 };
    const before = await kmeans(matrix, options);
    const cancelled = kmeans(matrix, {
      ...options,
      onIteration: () => {
        throw new Error('cancelled');
      },
    });
    await assert.rejects(cancelled, /cancelled/);
    const after = await kmeans(matrix, options);
    assert.deepEqual(after.labels, before.labels);
    assert.equal(after.inertia, before.inertia);
  });

  it('labels every row with its nearest returned centroid, exactly as assignToNearest does', async () => {
    const { matrix } = makeBlobs(20000, randomCentres(8, 4, 3, 5), 2, 6);
    const result = await kmeans(matrix, { k: 8, seed: 9, threads: 2 });
    assert.deepEqual(assignToNearest(matrix, result.centroids, 8), result.labels);
    const row = matrix.data.slice(0, 4);
    assert.equal(nearestCentroid(row, result.centroids, 8), result.labels[0]);
    assert.ok(Math.abs(inertiaOf(matrix, result.centroids, result.labels) - result.inertia) <= 1e-9 * result.inertia);
    assert.equal(result.sizes.reduce((a, b) => a + b, 0), matrix.rows);
  });

  it('never ends with a worse inertia than ml-kmeans from the same starting centres', async () => {
    for (const seed of [1, 2, 3, 4]) {
      const { matrix } = makeBlobs(1500, randomCentres(5, 3, 3, seed), 1.5, seed + 100);
      const start = await kmeansPlusPlus(matrix, 5, createRandom(seed));
      const ours = await kmeans(matrix, { k: 5, seed, initialCentroids: start, tolerance: 0 });
      const points = Array.from({ length: matrix.rows }, (_, i) => Array.from(matrix.data.subarray(i * 3, i * 3 + 3)));
      const centres = Array.from({ length: 5 }, (_, c) => Array.from(start.subarray(c * 3, c * 3 + 3)));
      const reference = mlKmeans(points, 5, { initialization: centres, maxIterations: 300 });
      const referenceInertia = inertiaOf(matrix, Float64Array.from(reference.centroids.flat()), reference.clusters);
      assert.ok(ours.inertia <= referenceInertia * (1 + 1e-12), `seed ${seed}: ${ours.inertia} > ${referenceInertia}`);
    }
  });

  it('reports every iteration and awaits the callback', async () => {
    const { matrix } = makeBlobs(3000, randomCentres(4, 2, 5, 1), 1, 2);
    const seen: KMeansIterationInfo[] = [];
    const result = await kmeans(matrix, {
      k: 4,
      seed: 1,
      nInit: 2,
      onIteration: async (info) => {
        await new Promise((resolve) => setImmediate(resolve));
        seen.push(info);
      },
    });
    assert.equal(seen.filter((info) => info.restart === 1).length > 0, true);
    assert.ok(seen.every((info) => info.inertia >= 0 && info.shift >= 0));
    const last = seen.filter((info) => info.restart === seen[seen.length - 1].restart);
    assert.equal(last.length, last[last.length - 1].iteration);
    assert.ok(result.iterations >= 1);
  });

  it('stops at maxIterations without claiming convergence', async () => {
    const { matrix } = makeBlobs(2000, randomCentres(6, 3, 1, 4), 2, 4);
    const result = await kmeans(matrix, { k: 6, seed: 2, maxIterations: 1, tolerance: 0 });
    assert.equal(result.iterations, 1);
    assert.equal(result.converged, false);
  });

  it('rejects bad input with a typed error', async () => {
    await assert.rejects(kmeans(line([1, 2]), { k: 3, seed: 1 }), ClusteringInputError);
    await assert.rejects(kmeans(line([1, Number.NaN, 3]), { k: 2, seed: 1 }), /row 1, column 0/);
    await assert.rejects(kmeans(line([1, 2, 3]), { k: 2, seed: 1, initialCentroids: Float64Array.from([1]) }), ClusteringInputError);
  });
});
