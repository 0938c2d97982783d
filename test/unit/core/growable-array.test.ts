import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GrowableArray } from '../../../core/growable-array.js';

test('a growable array keeps every value across growth, as a plain or a shared array', () => {
  const values = new GrowableArray((length) => new Uint32Array(length), 4);
  for (let i = 0; i < 100; i++) values.push(i * 3);
  values.append([7, 8]);
  values.appendRange(Uint8Array.of(1, 2, 3, 4), 1, 3);
  const expected = [...Array.from({ length: 100 }, (_, i) => i * 3), 7, 8, 2, 3];
  assert.equal(values.length, expected.length);
  assert.deepEqual(Array.from(values.toArray()), expected);
  const shared = values.toSharedArray();
  assert.ok(shared instanceof Uint32Array && shared.buffer instanceof SharedArrayBuffer);
  assert.deepEqual(Array.from(shared), expected);
});
