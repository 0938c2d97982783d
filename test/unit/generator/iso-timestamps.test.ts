import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRandom } from '../../../core/random.js';
import { IsoTimestamps } from '../../../generator/iso-timestamps.js';

describe('IsoTimestamps', () => {
  it('formats whole seconds exactly like Date#toISOString', () => {
    const timestamps = new IsoTimestamps();
    const random = createRandom(3);
    const base = Date.UTC(2025, 5, 1);
    const edges = [base, base - 1000, base + 86_399_000, Date.UTC(2024, 1, 29, 23, 59, 59), Date.UTC(2023, 11, 31, 0, 0, 1)];
    for (const ms of edges) assert.equal(timestamps.format(ms), new Date(ms).toISOString());
    for (let i = 0; i < 20_000; i++) {
      const ms = base - random.int(800 * 86_400) * 1000;
      assert.equal(timestamps.format(ms), new Date(ms).toISOString());
    }
  });

  it('truncates milliseconds to the second', () => {
    assert.equal(new IsoTimestamps().format(Date.UTC(2025, 0, 2, 3, 4, 5, 678)), '2025-01-02T03:04:05.000Z');
  });
});
