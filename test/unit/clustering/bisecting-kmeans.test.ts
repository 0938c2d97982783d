import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bisectingKMeans } from '../../../core/clustering/bisecting-kmeans.js';
import { predictBisecting } from '../../../core/clustering/bisecting-tree.js';
import type { BisectingNode, BisectingTree } from '../../../core/clustering/bisecting-tree.js';
import { makeBlobs, randomCentres } from './blobs.js';

function nodes(node: BisectingNode): BisectingNode[] {
  return [node, ...node.children.flatMap(nodes)];
}

describe('bisectingKMeans', () => {
  it('splits well-separated blobs into k leaves whose labels match predictBisecting, also after a JSON round trip', async () => {
    const { matrix } = makeBlobs(2000, randomCentres(5, 3, 10, 21), 0.7, 22);
    const result = await bisectingKMeans(matrix, { k: 5, seed: 4 });
    assert.equal(result.tree.k, 5);
    assert.equal(result.sizes.reduce((a, b) => a + b, 0), 2000);
    const restored = JSON.parse(JSON.stringify(result.tree)) as BisectingTree;
    for (let i = 0; i < matrix.rows; i++) {
      const row = matrix.data.slice(i * 3, i * 3 + 3);
      assert.equal(predictBisecting(result.tree, row), result.labels[i]);
      assert.equal(predictBisecting(restored, row), result.labels[i]);
    }
    const leafInertia = nodes(result.tree.root).filter((n) => n.leaf !== null).reduce((sum, n) => sum + n.inertia, 0);
    assert.equal(result.inertia, leafInertia);
  });

  for (const strategy of ['biggestInertia', 'largestCluster'] as const) {
    it(`honours minDivisibleClusterSize as a count and as a fraction (${strategy})`, async () => {
      const { matrix } = makeBlobs(400, randomCentres(6, 2, 10, 31), 1, 32);
      const byCount = await bisectingKMeans(matrix, { k: 12, seed: 1, minDivisibleClusterSize: 120, strategy });
      const byFraction = await bisectingKMeans(matrix, { k: 12, seed: 1, minDivisibleClusterSize: 0.3, strategy });
      assert.deepEqual(byFraction.labels, byCount.labels);
      assert.ok(byCount.tree.k < 12);
      for (const node of nodes(byCount.tree.root)) {
        if (node.children.length > 0) assert.ok(node.size >= 120, `split a node of ${node.size} rows`);
        // Stopped short of k, so no leaf may still be divisible.
        else assert.ok(node.size < 120);
      }
      const unlimited = await bisectingKMeans(matrix, { k: 12, seed: 1, strategy });
      assert.equal(unlimited.tree.k, 12);
    });
  }

  it('stops when the only remaining rows are identical', async () => {
    const matrix = { data: Float64Array.from([1, 1, 1, 1, 5, 5]), rows: 6, cols: 1 };
    const result = await bisectingKMeans(matrix, { k: 4, seed: 1 });
    assert.equal(result.tree.k, 2);
    assert.equal(result.inertia, 0);
  });
});
