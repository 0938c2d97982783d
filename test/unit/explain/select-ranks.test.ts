import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { selectRanks } from '../../../core/explain/select-ranks.js';
import { createRandom } from '../../../core/random.js';

describe('selectRanks', () => {
  const random = createRandom(17);
  const cases: [string, Float64Array][] = [
    ['continuous', Float64Array.from({ length: 5001 }, () => random.normal())],
    ['heavy ties', Float64Array.from({ length: 5000 }, () => random.int(4))],
    ['sorted', Float64Array.from({ length: 4000 }, (_, i) => i)],
    ['reversed', Float64Array.from({ length: 4000 }, (_, i) => -i)],
    ['constant', new Float64Array(3000).fill(2)],
  ];
  for (const [name, values] of cases) {
    it(`puts every requested rank where a sort would (${name})`, () => {
      const sorted = values.slice().sort();
      const work = values.slice();
      const n = values.length;
      const ranks = [0, 1, Math.floor(n / 10), Math.floor(n / 4), Math.floor(n / 2), n - 2, n - 1];
      selectRanks(work, ranks);
      for (const rank of ranks) assert.equal(work[rank], sorted[rank], `rank ${rank}`);
      assert.deepEqual(work.slice().sort(), sorted);
    });
  }

  it('stays inside the given range', () => {
    const values = Float64Array.from([9, 8, 7, 3, 1, 2, 6, 5, 4]);
    selectRanks(values, [4], 3, 5);
    assert.deepEqual([...values.slice(0, 3)], [9, 8, 7]);
    assert.equal(values[4], 2);
    assert.deepEqual([...values.slice(6)], [6, 5, 4]);
  });
});
