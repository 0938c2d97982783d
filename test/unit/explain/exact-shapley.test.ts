import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exactShapley } from '../../../core/explain/exact-shapley.js';
import { TooManyFeaturesError } from '../../../core/explain/errors.js';
import { createMatrix } from '../../../core/matrix.js';
import type { Matrix } from '../../../core/matrix.js';
import { createRandom } from '../../../core/random.js';

function randomBackground(rows: number, cols: number, seed: number): Matrix {
  const random = createRandom(seed);
  return createMatrix(rows, cols, Float64Array.from({ length: rows * cols }, () => random.normal()));
}

const nonLinear = (x: Float64Array): number => x[0] * x[1] + Math.sin(x[2]) + Math.max(x[3], x[0]) + x[4] * x[4];
const other = (x: Float64Array): number => Math.exp(0.3 * x[1]) - x[2] * x[4] + 2 * x[3];

describe('exactShapley', () => {
  const background = randomBackground(25, 5, 1);
  const x = Float64Array.from([1.5, -0.7, 2.1, 0.3, -1.2]);

  it('is efficient: values sum to f(x) - E f(background)', () => {
    const result = exactShapley(nonLinear, x, background);
    let expected = 0;
    for (let b = 0; b < background.rows; b++) expected += nonLinear(background.data.slice(b * 5, b * 5 + 5));
    expected /= background.rows;
    assert.ok(Math.abs(result.baseValue - expected) < 1e-12);
    assert.equal(result.prediction, nonLinear(x));
    const sum = result.values.reduce((total, value) => total + value, 0);
    assert.ok(Math.abs(sum - (result.prediction - result.baseValue)) < 1e-9, `sum ${sum}`);
  });

  it('gives features with identical roles equal values', () => {
    // f is symmetric in x0, x1, and x and every background row agree on them, so swapping them changes nothing.
    const symmetric = (z: Float64Array): number => z[0] * z[1] + Math.tanh(z[0] + z[1]) * z[2];
    const rows = randomBackground(20, 3, 2);
    for (let b = 0; b < rows.rows; b++) rows.data[b * 3 + 1] = rows.data[b * 3];
    const result = exactShapley(symmetric, Float64Array.from([0.8, 0.8, -1.1]), rows);
    assert.ok(Math.abs(result.values[0] - result.values[1]) < 1e-12);
    assert.notEqual(result.values[0], 0);
  });

  it('gives a feature the model ignores exactly 0', () => {
    const ignoresThird = (z: Float64Array): number => z[0] * z[1] + Math.cos(z[3]) - z[4];
    const result = exactShapley(ignoresThird, x, background);
    assert.ok(result.values[2] === 0, `got ${result.values[2]}`);
  });

  it('is linear in the model', () => {
    const sum = exactShapley((z) => nonLinear(z) + other(z), x, background).values;
    const f = exactShapley(nonLinear, x, background).values;
    const g = exactShapley(other, x, background).values;
    for (let j = 0; j < 5; j++) assert.ok(Math.abs(sum[j] - (f[j] + g[j])) < 1e-9);
  });

  it('matches the known values of a linear model: w_j (x_j - mean b_j)', () => {
    const weights = [2, -1, 0.5, 3, -0.25];
    const linear = (z: Float64Array): number => weights.reduce((total, w, j) => total + w * z[j], 7);
    const result = exactShapley(linear, x, background);
    for (let j = 0; j < 5; j++) {
      let mean = 0;
      for (let b = 0; b < background.rows; b++) mean += background.data[b * 5 + j] / background.rows;
      assert.ok(Math.abs(result.values[j] - weights[j] * (x[j] - mean)) < 1e-9);
    }
  });

  it('refuses more than 12 features with a typed error', () => {
    const wide = randomBackground(2, 13, 3);
    assert.throws(() => exactShapley(() => 0, new Float64Array(13), wide), TooManyFeaturesError);
  });
});
