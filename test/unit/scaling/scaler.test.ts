import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMatrix } from '../../../core/matrix.js';
import { createRandom } from '../../../core/random.js';
import { fitScaler, quantileOfSorted, scaleMatrix, scaleRow } from '../../../core/scaling/scaler.js';
import { resolvePriorityWeight } from '../../../core/scaling/priority-weights.js';

// Two columns: x = 0, 5, 10 and a constant 7.
const matrix = createMatrix(3, 2, Float64Array.from([0, 7, 5, 7, 10, 7]));

describe('scalers', () => {
  it('min-max maps the training range to [0, 1] and multiplies by the weight', () => {
    const params = fitScaler(matrix, 'minmax');
    assert.deepEqual(params.offset, [0, 7]);
    assert.deepEqual(params.scale, [10, 1]);
    const scaled = scaleMatrix(params, [3, 1], matrix);
    // (5 - 0) / 10 * 3 = 1.5; the constant column becomes 0.
    assert.deepEqual(Array.from(scaled.data), [0, 0, 1.5, 0, 3, 0]);
  });

  it('z-score uses the population standard deviation', () => {
    const params = fitScaler(matrix, 'zscore');
    // mean 5, population sd sqrt((25 + 0 + 25) / 3)
    assert.equal(params.offset[0], 5);
    assert.ok(Math.abs(params.scale[0] - Math.sqrt(50 / 3)) < 1e-12);
    assert.equal(params.scale[1], 1, 'a constant column keeps scale 1');
  });

  it('robust clips to the 1st and 99th percentiles before min-max', () => {
    const values = Float64Array.from({ length: 101 }, (_, i) => i);
    values[100] = 1e6; // one extreme customer
    const column = createMatrix(101, 1, values);
    const params = fitScaler(column, 'robust');
    assert.equal(params.clipLow![0], 1);
    assert.ok(params.clipHigh![0] < 1e6 && params.clipHigh![0] > 98);
    const out = new Float64Array(1);
    scaleRow(params, [1], [1e6], out);
    assert.equal(out[0], 1, 'the extreme value lands on the top of the range, not far beyond it');
    scaleRow(params, [1], [-50], out);
    assert.equal(out[0], 0);
  });

  it('scales every row the same way scaleRow does (round trip for scoring)', () => {
    const random = createRandom(3);
    const data = createMatrix(50, 4, Float64Array.from({ length: 200 }, () => random.normal() * 10));
    for (const kind of ['minmax', 'zscore', 'robust', 'none'] as const) {
      const params = JSON.parse(JSON.stringify(fitScaler(data, kind)));
      const weights = [1, 2, 3, 0.5];
      const scaled = scaleMatrix(params, weights, data);
      const out = new Float64Array(4);
      for (let i = 0; i < data.rows; i++) {
        scaleRow(params, weights, data.data.subarray(i * 4, i * 4 + 4), out);
        assert.deepEqual(Array.from(out), Array.from(scaled.data.subarray(i * 4, i * 4 + 4)));
      }
    }
  });

  it('rejects weights that do not match the columns', () => {
    assert.throws(() => scaleMatrix(fitScaler(matrix, 'minmax'), [1], matrix), RangeError);
  });

  it('interpolates quantiles like numpy', () => {
    assert.equal(quantileOfSorted([1, 2, 3, 4], 0.5), 2.5);
    assert.equal(quantileOfSorted([1, 2, 3, 4], 0), 1);
    assert.equal(quantileOfSorted([1, 2, 3, 4], 1), 4);
    assert.ok(Number.isNaN(quantileOfSorted([], 0.5)));
  });

  it('resolves priority presets', () => {
    assert.equal(resolvePriorityWeight('high'), 3);
    assert.equal(resolvePriorityWeight('medium'), 2);
    assert.equal(resolvePriorityWeight('low'), 1);
    assert.equal(resolvePriorityWeight(2.5), 2.5);
  });
});
