import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BisectingTree } from '../../../core/clustering/bisecting-tree.js';
import { scoreRecords, ScoringInputError, type ScoringModel } from '../../../core/scoring/score-records.js';
import { ONE_HOT_SCALE } from '../../../core/scaling/scaler.js';

const h = 1 / ONE_HOT_SCALE;

/** spend (min-max over 0..10, weight 2) and a category channel with levels web, shop (+ other). */
const model: ScoringModel = {
  featureNames: ['spend', 'channel=web', 'channel=shop', 'channel=other'],
  scaler: { kind: 'minmax', offset: [0, 0, 0, 0], scale: [10, ONE_HOT_SCALE, ONE_HOT_SCALE, ONE_HOT_SCALE], clipLow: null, clipHigh: null },
  weights: [2, 1, 1, 1],
  algorithm: 'kmeans',
  k: 2,
  centroids: [0, h, 0, 0, /* segment 1: */ 2, 0, h, 0],
  tree: null,
};

function assertClose(actual: readonly number[], expected: readonly number[]): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((value, index) => assert.ok(Math.abs(value - expected[index]) < 1e-12, `${actual} vs ${expected}`));
}

describe('scoreRecords', () => {
  it('one-hot encodes categories, scales with the stored parameters and reports every distance (hand-checked)', () => {
    const [web, other, none] = scoreRecords(model, [
      { id: 'a', features: { spend: 0, channel: 'web' } },
      { id: 'b', features: { spend: 10, channel: 'email' } },
      { features: { spend: 5, channel: null } },
    ]);
    assert.deepEqual([web.id, web.segment, web.nearestSegment], ['a', 0, 0]);
    assertClose(web.distances, [0, Math.sqrt(5)]);
    // 'email' is not a level: it is `other`, one level away from both centroids' channels.
    assert.deepEqual([other.segment, other.nearestSegment], [1, 1]);
    assertClose(other.distances, [Math.sqrt(5), 1]);
    // No level: halfway in the category; spend 5 is halfway too, so the tie goes to the lowest index.
    assert.deepEqual([none.id, none.segment], [null, 0]);
    assertClose(none.distances, [Math.sqrt(1.5), Math.sqrt(1.5)]);
  });

  it('puts two different levels at distance exactly 1 x weight, like the full range of a min-max feature', () => {
    const [shop] = scoreRecords({ ...model, centroids: [0, h, 0, 0, 0, 0, h, 0] }, [{ features: { spend: 0, channel: 'shop' } }]);
    assertClose(shop.distances, [1, 0]);
  });

  it('follows the bisecting tree and also reports the nearest centroid when they differ', () => {
    const leaf = (centre: number, label: number) => ({ centre: [centre], size: 1, inertia: 0, children: [], leaf: label });
    const tree: BisectingTree = {
      cols: 1,
      k: 3,
      root: {
        centre: [1.5], size: 3, inertia: 0, leaf: null,
        children: [{ centre: [-1], size: 2, inertia: 0, leaf: null, children: [leaf(-3, 0), leaf(1, 1)] }, leaf(5, 2)],
      },
    };
    const bisecting: ScoringModel = {
      featureNames: ['x'],
      scaler: { kind: 'none', offset: [0], scale: [1], clipLow: null, clipHigh: null },
      weights: [1],
      algorithm: 'bisecting',
      k: 3,
      centroids: [-3, 1, 5],
      tree,
    };
    // 2.1 is nearer the right subtree's centre (5) than the left's (-1), yet nearest to leaf 1's centre (1).
    const [scored] = scoreRecords(bisecting, [{ features: { x: 2.1 } }]);
    assert.equal(scored.segment, 2);
    assert.equal(scored.nearestSegment, 1);
    assertClose(scored.distances, [5.1, 1.1, 2.9]);
  });

  it('rejects missing, mistyped and unknown features, naming the record and feature', () => {
    assert.throws(() => scoreRecords(model, [{ features: { channel: 'web' } }]), (error: unknown) => error instanceof ScoringInputError && /record 0: feature 'spend'/.test(error.message));
    assert.throws(() => scoreRecords(model, [{ features: { spend: 1, channel: 3 as unknown as string } }]), /category 'channel' must be a string or null/);
    assert.throws(() => scoreRecords(model, [{ features: { spend: 1, channel: 'web', age: 3 } }]), /no feature 'age'/);
  });
});
