/** A dense row-major matrix of doubles: row i, column j lives at data[i * cols + j]. */
export interface Matrix {
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

export function createMatrix(rows: number, cols: number, data?: Float64Array): Matrix {
  const values = data ?? new Float64Array(rows * cols);
  if (values.length !== rows * cols) {
    throw new RangeError(`matrix data has ${values.length} values, expected ${rows} x ${cols}`);
  }
  return { data: values, rows, cols };
}

/** Copy of row i (use subarray on matrix.data for a view without copying). */
export function matrixRow(matrix: Matrix, i: number): Float64Array {
  return matrix.data.slice(i * matrix.cols, (i + 1) * matrix.cols);
}
