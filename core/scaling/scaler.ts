import { createMatrix, type Matrix } from '../matrix.js';

export type ScalerKind = 'minmax' | 'zscore' | 'robust' | 'none';

/**
 * A fitted scaler: z_j = clip(x_j, low_j, high_j) - offset_j) / scale_j * weight_j.
 * Stored with the run so new records are scored exactly as the training data was.
 * - minmax: offset = min, scale = max - min (values of the training data land in [0, 1])
 * - zscore: offset = mean, scale = population standard deviation
 * - robust: clipped to the 1st..99th percentiles, then min-max on that range,
 *   so a few extreme customers cannot squash everyone else into one corner
 * - none: offset 0, scale 1
 * A constant column gets scale 1 (it then contributes nothing to distances).
 * One-hot columns (the levels of a category) keep their 0/1 encoding whatever
 * the kind: offset 0, scale ONE_HOT_SCALE, never fitted to the data.
 */
export interface ScalerParams {
  kind: ScalerKind;
  offset: number[];
  scale: number[];
  clipLow: number[] | null;
  clipHigh: number[] | null;
}

/**
 * Two profiles with different levels of a category differ by 1 in two of its
 * one-hot columns; dividing by sqrt(2) puts them at distance exactly 1 (times
 * the weight), as far apart as the two ends of a min-max scaled feature, so a
 * category of any number of levels weighs like one numeric feature.
 */
export const ONE_HOT_SCALE = Math.SQRT2;

export function fitScaler(matrix: Matrix, kind: ScalerKind, oneHotColumns: readonly boolean[] = []): ScalerParams {
  const { rows, cols, data } = matrix;
  const offset = new Array<number>(cols).fill(0);
  const scale = Array.from({ length: cols }, (_, j) => (oneHotColumns[j] ? ONE_HOT_SCALE : 1));
  if (kind === 'none' || rows === 0) return { kind, offset, scale, clipLow: null, clipHigh: null };
  const clipLow = kind === 'robust' ? new Array<number>(cols).fill(0) : null;
  const clipHigh = kind === 'robust' ? new Array<number>(cols).fill(1) : null;
  const column = new Float64Array(rows);
  for (let j = 0; j < cols; j++) {
    if (oneHotColumns[j]) continue;
    for (let i = 0; i < rows; i++) column[i] = data[i * cols + j];
    let low: number;
    let high: number;
    if (kind === 'zscore') {
      let sum = 0;
      for (let i = 0; i < rows; i++) sum += column[i];
      const mean = sum / rows;
      let squares = 0;
      for (let i = 0; i < rows; i++) squares += (column[i] - mean) ** 2;
      offset[j] = mean;
      scale[j] = nonZero(Math.sqrt(squares / rows));
      continue;
    }
    if (kind === 'robust') {
      column.sort();
      low = quantileOfSorted(column, 0.01);
      high = quantileOfSorted(column, 0.99);
      clipLow![j] = low;
      clipHigh![j] = high;
    } else {
      low = Infinity;
      high = -Infinity;
      for (let i = 0; i < rows; i++) {
        const value = column[i];
        if (value < low) low = value;
        if (value > high) high = value;
      }
    }
    offset[j] = low;
    scale[j] = nonZero(high - low);
  }
  return { kind, offset, scale, clipLow, clipHigh };
}

/** Scales one row into `out` (length = columns). */
export function scaleRow(params: ScalerParams, weights: readonly number[], row: ArrayLike<number>, out: Float64Array): void {
  const { offset, scale, clipLow, clipHigh } = params;
  for (let j = 0; j < out.length; j++) {
    let value = row[j];
    if (clipLow && clipHigh) value = Math.min(Math.max(value, clipLow[j]), clipHigh[j]);
    out[j] = ((value - offset[j]) / scale[j]) * weights[j];
  }
}

export function scaleMatrix(params: ScalerParams, weights: readonly number[], matrix: Matrix): Matrix {
  if (weights.length !== matrix.cols || params.offset.length !== matrix.cols) {
    throw new RangeError(`scaler has ${params.offset.length} columns and ${weights.length} weights, data has ${matrix.cols}`);
  }
  const out = createMatrix(matrix.rows, matrix.cols);
  for (let i = 0; i < matrix.rows; i++) {
    const start = i * matrix.cols;
    scaleRow(params, weights, matrix.data.subarray(start, start + matrix.cols), out.data.subarray(start, start + matrix.cols));
  }
  return out;
}

/** Linear interpolation between closest ranks (numpy's default), on an ascending array. */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

function nonZero(value: number): number {
  return value > 0 && Number.isFinite(value) ? value : 1;
}
