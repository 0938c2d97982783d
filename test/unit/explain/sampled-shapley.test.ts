import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExplainInputError } from '../../../core/explain/errors.js';
import { exactShapley } from '../../../core/explain/exact-shapley.js';
import { sampledShapley } from '../../../core/explain/sampled-shapley.js';
import { createMatrix } from '../../../core/matrix.js';
import { createRandom } from '../../../core/random.js';

// Tree-like and interacting, as a bisecting k-means assignment would be.
const model = (x: Float64Array): number =>
  (x[0] > 0 ? (x[1] > 0.5 ? 3 : -1) : 2 * x[2]) + x[3] * x[4] + Math.abs(x[5]) - x[1] * x[2];

const random = createRandom(5);
const background = createMatrix(40, 6, Float64Array.from({ length: 240 }, () => random.normal()));
const x = Float64Array.from([0.9, 1.3, -0.4, 1.1, -2, 0.6]);
const exact = exactShapley(model, x, background).values;

function rmse(permutations: number, seed: number): number {
  const values = sampledShapley(model, x, background, { permutations, seed }).values;
  let squares = 0;
  for (let j = 0; j < 6; j++) squares += (values[j] - exact[j]) ** 2;
  return Math.sqrt(squares / 6);
}

describe('sampledShapley', () => {
  it('converges to the exact values as the budget grows', () => {
    const seeds = [1, 2, 3, 4, 5, 6];
    const small = Math.sqrt(seeds.reduce((total, seed) => total + rmse(50, seed) ** 2, 0) / seeds.length);
    const large = Math.sqrt(seeds.reduce((total, seed) => total + rmse(800, seed) ** 2, 0) / seeds.length);
    // 16x the samples should cut the error about 4x; demand at least 2.5x.
    assert.ok(large < small / 2.5, `rmse 50: ${small}, 800: ${large}`);
  });

  it('reports standard errors that describe its actual error', () => {
    const result = sampledShapley(model, x, background, { permutations: 400, seed: 9 });
    let within = 0;
    for (let j = 0; j < 6; j++) {
      assert.ok(result.standardErrors[j] > 0);
      if (Math.abs(result.values[j] - exact[j]) <= 3 * result.standardErrors[j]) within++;
    }
    assert.ok(within >= 5, `${within} of 6 within 3 standard errors`);
    assert.equal(result.permutations, 400);
  });

  it('is reproducible from its seed', () => {
    const a = sampledShapley(model, x, background, { permutations: 20, seed: 3 });
    const b = sampledShapley(model, x, background, { permutations: 20, seed: 3 });
    assert.deepEqual(a.values, b.values);
  });

  it('gives a feature the model ignores exactly 0 and rejects tiny budgets', () => {
    const ignoresLast = (z: Float64Array): number => z[0] * z[1] + z[2];
    const result = sampledShapley(ignoresLast, x, background, { permutations: 10, seed: 1 });
    assert.ok(result.values[5] === 0);
    assert.throws(() => sampledShapley(model, x, background, { permutations: 2, seed: 1 }), ExplainInputError);
  });
});
