import { ExplainInputError } from './errors.js';

/** Every explain function indexes accumulators by label, so an out-of-range label must fail loudly, not corrupt memory. */
export function checkLabels(labels: Int32Array, k: number, rows: number): void {
  if (!Number.isInteger(k) || k < 1) throw new ExplainInputError(`k must be a positive integer, got ${k}`);
  if (labels.length !== rows) {
    throw new ExplainInputError(`labels has ${labels.length} entries, expected one per row (${rows})`);
  }
  for (let i = 0; i < rows; i++) {
    const label = labels[i];
    if (label < 0 || label >= k) throw new ExplainInputError(`label ${label} at row ${i} is outside 0..${k - 1}`);
  }
}
