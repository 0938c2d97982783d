import type { Matrix } from '../matrix.js';
import { createRandom } from '../random.js';
import { ExplainInputError } from './errors.js';
import { checkBackground } from './shapley-values.js';
import type { ShapleyModel, ShapleyValues } from './shapley-values.js';

export interface SampledShapleyOptions {
  /** Permutations walked, rounded up to an even number (each is paired with its reverse); at least 4. */
  readonly permutations: number;
  readonly seed: number;
}

export interface SampledShapleyValues extends ShapleyValues {
  /** Standard error of each value: sd of the antithetic pair estimates / sqrt(pairs). */
  readonly standardErrors: Float64Array;
  readonly permutations: number;
}

/**
 * Monte Carlo interventional Shapley values for any number of features. Each
 * sample draws a random feature order and a random background row, walks the
 * order switching features from the background row to x, and credits each
 * feature with the change in f; the reversed order is walked with the same
 * row (antithetic pair), which cancels much of the variance of features whose
 * contribution depends on what came before. Unbiased for the exact values;
 * the values sum to f(x) - f(sampled rows), so efficiency holds in expectation
 * rather than exactly.
 */
export function sampledShapley(
  model: ShapleyModel,
  x: Float64Array,
  background: Matrix,
  options: SampledShapleyOptions,
): SampledShapleyValues {
  const d = x.length;
  checkBackground(x, background);
  if (!Number.isInteger(options.permutations) || options.permutations < 4) {
    throw new ExplainInputError(`permutations must be an integer >= 4, got ${options.permutations}`);
  }
  const pairs = Math.ceil(options.permutations / 2);
  const random = createRandom(options.seed);
  const { data, rows } = background;
  const order = new Int32Array(d);
  for (let j = 0; j < d; j++) order[j] = j;
  const point = new Float64Array(d);
  const forward = new Float64Array(d);
  const reverse = new Float64Array(d);
  const mean = new Float64Array(d);
  const squares = new Float64Array(d);

  const walk = (row: number, fromEnd: boolean, credit: Float64Array): void => {
    point.set(data.subarray(row * d, (row + 1) * d));
    let previous = model(point);
    for (let step = 0; step < d; step++) {
      const j = order[fromEnd ? d - 1 - step : step];
      point[j] = x[j];
      const current = model(point);
      credit[j] = current - previous;
      previous = current;
    }
  };

  for (let pair = 0; pair < pairs; pair++) {
    for (let j = d - 1; j > 0; j--) {
      const swap = random.int(j + 1);
      const held = order[j];
      order[j] = order[swap];
      order[swap] = held;
    }
    const row = random.int(rows);
    walk(row, false, forward);
    walk(row, true, reverse);
    // Welford update over the pair estimates.
    for (let j = 0; j < d; j++) {
      const estimate = (forward[j] + reverse[j]) / 2;
      const delta = estimate - mean[j];
      mean[j] += delta / (pair + 1);
      squares[j] += delta * (estimate - mean[j]);
    }
  }

  const standardErrors = new Float64Array(d);
  for (let j = 0; j < d; j++) standardErrors[j] = Math.sqrt(squares[j] / (pairs - 1) / pairs);
  let baseValue = 0;
  for (let b = 0; b < rows; b++) {
    point.set(data.subarray(b * d, (b + 1) * d));
    baseValue += model(point) / rows;
  }
  point.set(x);
  return { values: mean, prediction: model(point), baseValue, standardErrors, permutations: 2 * pairs };
}
