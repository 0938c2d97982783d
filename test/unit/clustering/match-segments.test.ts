import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { solveAssignment } from '../../../core/clustering/hungarian.js';
import { matchSegments } from '../../../core/clustering/match-segments.js';
import { migrationMatrix, migrationMatrixByIds } from '../../../core/clustering/migration-matrix.js';
import { createRandom } from '../../../core/random.js';

describe('matchSegments', () => {
  const previous = { ids: ['a', 'b', 'c'], centroids: Float64Array.from([0, 0, 10, 0, 0, 10]) };
  // Next: a moved slightly, b split into a larger part (index 1) and a smaller one (2), c unchanged, plus a new segment far away.
  const next = { k: 5, centroids: Float64Array.from([0, 0.1, 10, -1, 10, 1.5, 0, 10, 20, 20]) };
  const overlap = [
    [100, 0, 0, 0, 0],
    [0, 60, 40, 0, 0],
    [0, 0, 0, 80, 0],
  ];

  it('keeps ids, gives the larger part of a split the old id, and mints ids for the rest', () => {
    const matching = matchSegments(previous, next, overlap);
    assert.deepEqual(matching.ids.slice(0, 2), ['a', 'b']);
    assert.equal(matching.ids[3], 'c');
    assert.deepEqual(matching.created, [2, 4]);
    assert.deepEqual(matching.retired, []);
    assert.equal(new Set(matching.ids).size, 5);
    assert.ok(!['a', 'b', 'c'].includes(matching.ids[2]) && !['a', 'b', 'c'].includes(matching.ids[4]));
  });

  it('matches on centroid distance alone when there is no overlap, and retires what moved too far', () => {
    const moved = { k: 2, centroids: Float64Array.from([0.5, 0, 30, 30]) };
    const matching = matchSegments(previous, moved, undefined, { newId: (n) => `new-${n}` });
    assert.deepEqual(matching.ids, ['a', 'new-1']);
    assert.deepEqual(matching.retired, ['b', 'c']);
  });
});

describe('solveAssignment', () => {
  function bruteForce(cost: number[][]): number {
    const rows = cost.length;
    const cols = cost[0].length;
    let best = Infinity;
    const used = new Array<boolean>(cols).fill(false);
    // Every row gets a distinct column when rows <= cols; otherwise every column gets a distinct row.
    const search = (i: number, assigned: number, total: number): void => {
      if (i === rows) {
        if (assigned === Math.min(rows, cols)) best = Math.min(best, total);
        return;
      }
      if (rows - i - 1 >= Math.min(rows, cols) - assigned) search(i + 1, assigned, total);
      for (let j = 0; j < cols; j++) {
        if (used[j]) continue;
        used[j] = true;
        search(i + 1, assigned + 1, total + cost[i][j]);
        used[j] = false;
      }
    };
    search(0, 0, 0);
    return best;
  }

  it('matches brute force on random matrices, square and rectangular', () => {
    const random = createRandom(2024);
    for (let trial = 0; trial < 300; trial++) {
      const rows = 1 + random.int(6);
      const cols = 1 + random.int(6);
      const cost = Array.from({ length: rows }, () => Array.from({ length: cols }, () => (trial % 3 === 0 ? random.int(5) : random.next() * 10)));
      const { rowToColumn, total } = solveAssignment(cost);
      const expected = bruteForce(cost);
      assert.ok(Math.abs(total - expected) < 1e-9, `trial ${trial}: ${total} vs ${expected}`);
      const columns = rowToColumn.filter((j) => j >= 0);
      assert.equal(columns.length, Math.min(rows, cols));
      assert.equal(new Set(columns).size, columns.length);
    }
  });
});

describe('migrationMatrix', () => {
  it('counts moves between segments, positionally or by id', () => {
    assert.deepEqual(migrationMatrix(Int32Array.from([0, 0, 1, 1]), Int32Array.from([0, 1, 1, 1]), 2, 2), [
      [1, 1],
      [0, 2],
    ]);
    const byIds = migrationMatrixByIds({ ids: ['x', 'y', 'z'], labels: Int32Array.from([0, 1, 1]), k: 2 }, { ids: ['z', 'w', 'x'], labels: Int32Array.from([0, 0, 1]), k: 2 });
    assert.deepEqual(byIds, [
      [0, 1],
      [1, 0],
    ]);
  });
});
