import type { Matrix } from '../matrix.js';
import { ExplainInputError } from './errors.js';

/**
 * A model to explain: one profile's features in, one number out. The engines
 * reuse the array they pass, so a model must neither keep nor modify it.
 */
export type ShapleyModel = (x: Float64Array) => number;

/** Shapley values of one prediction: values sum to prediction - baseValue. */
export interface ShapleyValues {
  readonly values: Float64Array;
  /** f(x). */
  readonly prediction: number;
  /** E f(B) over the background rows. */
  readonly baseValue: number;
}

export function checkBackground(x: Float64Array, background: Matrix): void {
  if (background.cols !== x.length) {
    throw new ExplainInputError(`background has ${background.cols} features, the profile ${x.length}`);
  }
  if (background.rows === 0) throw new ExplainInputError('the background has no rows');
}
