import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseK, evaluateK } from '../../../core/clustering/evaluate-k.js';
import { findKnee } from '../../../core/clustering/find-knee.js';
import { makeBlobs, randomCentres } from './blobs.js';

describe('evaluateK', () => {
  const octahedron = [
    [8, 0, 0],
    [-8, 0, 0],
    [0, 8, 0],
    [0, -8, 0],
    [0, 0, 8],
    [0, 0, -8],
  ];
  for (const [centres, seed] of [
    [randomCentres(4, 4, 10, 1), 1],
    [octahedron, 2],
  ] as const) {
    const blobs = centres.length;
    it(`finds k=${blobs} on ${blobs} well-separated blobs`, async () => {
      const { matrix } = makeBlobs(1200, centres, 0.8, seed + 50);
      const report = await evaluateK(matrix, { seed, kMin: 2, kMax: 10, sampleSize: 600 });
      assert.equal(report.chosenK, blobs, report.reason);
      assert.equal(report.evaluations.length, 9);
      const atK = report.evaluations.find((e) => e.k === blobs);
      assert.ok(atK !== undefined && atK.silhouette > 0.5);
      assert.ok(report.reason.includes(String(blobs)));
    });
  }

  it('works with bisecting k-means', async () => {
    const { matrix } = makeBlobs(900, randomCentres(3, 3, 10, 9), 0.6, 10);
    const report = await evaluateK(matrix, { seed: 3, kMin: 2, kMax: 7, algorithm: 'bisecting' });
    assert.equal(report.chosenK, 3, report.reason);
  });
});

describe('findKnee and chooseK', () => {
  it('puts the knee where the curve stops falling steeply', () => {
    assert.equal(findKnee([1, 2, 3, 4, 5, 6], [100, 50, 12, 10, 9, 8]), 3);
    assert.equal(findKnee([2, 3], [5, 5]), 2);
  });

  it('lets a neighbour with a better silhouette override the knee', () => {
    const base = { calinskiHarabasz: 0, daviesBouldin: 0 };
    const evaluations = [
      { k: 2, inertia: 100, silhouette: 0.3, ...base },
      { k: 3, inertia: 40, silhouette: 0.4, ...base },
      { k: 4, inertia: 20, silhouette: 0.6, ...base },
      { k: 5, inertia: 18, silhouette: 0.5, ...base },
      { k: 6, inertia: 17, silhouette: 0.2, ...base },
    ];
    const pick = chooseK(evaluations);
    assert.equal(pick.knee, 3);
    assert.equal(pick.chosenK, 4);
    assert.match(pick.reason, /bends at k=3.*k=4/);
  });
});
