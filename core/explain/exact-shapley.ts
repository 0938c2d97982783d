import type { Matrix } from '../matrix.js';
import { TooManyFeaturesError } from './errors.js';
import { checkBackground } from './shapley-values.js';
import type { ShapleyModel, ShapleyValues } from './shapley-values.js';

/** 2^12 coalitions times the background rows is already millions of model calls. */
export const EXACT_SHAPLEY_MAX_FEATURES = 12;

/**
 * Interventional Shapley values by enumerating every coalition S: features in S
 * take x's values, the rest take a background row's, and v(S) averages the
 * model over all background rows. phi_j = sum over S without j of
 * |S|! (d - |S| - 1)! / d! * (v(S + j) - v(S)).
 */
export function exactShapley(model: ShapleyModel, x: Float64Array, background: Matrix): ShapleyValues {
  const d = x.length;
  checkBackground(x, background);
  if (d > EXACT_SHAPLEY_MAX_FEATURES) throw new TooManyFeaturesError(d, EXACT_SHAPLEY_MAX_FEATURES);
  const coalitions = 1 << d;
  const full = coalitions - 1;
  const { data, rows } = background;
  const value = new Float64Array(coalitions);
  const point = new Float64Array(d);
  // The full coalition is averaged like the others (rather than set to f(x)) so that a feature the
  // model ignores gets bit-identical v(S + j) and v(S), hence exactly 0.
  for (let mask = 0; mask <= full; mask++) {
    let sum = 0;
    for (let b = 0; b < rows; b++) {
      for (let j = 0; j < d; j++) point[j] = (mask >> j) & 1 ? x[j] : data[b * d + j];
      sum += model(point);
    }
    value[mask] = sum / rows;
  }
  point.set(x);
  const prediction = model(point);

  // weight[s] = s! (d - s - 1)! / d! = 1 / (d * C(d - 1, s)).
  const weight = new Float64Array(d);
  let binomial = 1;
  for (let s = 0; s < d; s++) {
    weight[s] = 1 / (d * binomial);
    binomial = (binomial * (d - 1 - s)) / (s + 1);
  }
  const size = new Uint8Array(coalitions);
  for (let mask = 1; mask < coalitions; mask++) size[mask] = size[mask >> 1] + (mask & 1);

  const values = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const bit = 1 << j;
    let phi = 0;
    for (let mask = 0; mask < coalitions; mask++) {
      if (mask & bit) continue;
      phi += weight[size[mask]] * (value[mask | bit] - value[mask]);
    }
    values[j] = phi;
  }
  return { values, prediction, baseValue: value[0] };
}
