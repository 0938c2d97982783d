import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRandom } from '../../../core/random.js';
import { UnionFind } from '../../../core/identity/union-find.js';

test('union-find agrees with a naive relabelling on random unions, sizes included', () => {
  const random = createRandom(11);
  const n = 500;
  const sets = new UnionFind(n);
  const naive = Array.from({ length: n }, (_, i) => i);
  for (let step = 0; step < 400; step++) {
    const a = random.int(n);
    const b = random.int(n);
    const root = sets.union(a, b);
    assert.equal(sets.find(a), root);
    assert.equal(sets.find(b), root);
    const [from, to] = [naive[b], naive[a]];
    for (let i = 0; i < n; i++) if (naive[i] === from) naive[i] = to;
    const members = naive.filter((label) => label === naive[a]).length;
    assert.equal(sets.sizeOf(root), members);
  }
  const { label, count } = sets.labels();
  const naiveLabels = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    if (!naiveLabels.has(naive[i])) naiveLabels.set(naive[i], naiveLabels.size);
    assert.equal(label[i], naiveLabels.get(naive[i]), `element ${i}`);
  }
  assert.equal(count, naiveLabels.size);
});
