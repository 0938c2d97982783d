/**
 * Rows are processed in fixed chunks whose boundaries depend only on the row
 * count, never on the thread count. Each chunk owns its partial sums and the
 * coordinator adds them up in chunk order, so a run is bit-identical whether
 * one thread or many processed the chunks.
 */
export const CHUNK_ROWS = 4096;

export function chunkCount(rows: number): number {
  return Math.ceil(rows / CHUNK_ROWS);
}

export function chunkEnd(chunk: number, rows: number): number {
  return Math.min(rows, (chunk + 1) * CHUNK_ROWS);
}
