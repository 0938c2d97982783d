/**
 * Squared Euclidean distance between a[aOffset..] and b[bOffset..] over cols values.
 *
 * Four independent accumulators let the CPU overlap the multiply-adds; they are
 * combined in a fixed order, so every caller (kernel, scoring, bisecting
 * predict) gets bit-identical distances for the same pair of vectors. Keep it
 * the single source of distances: label agreement between training and
 * scoring depends on it.
 */
export function squaredDistance(a: Float64Array, aOffset: number, b: Float64Array, bOffset: number, cols: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  for (; j + 3 < cols; j += 4) {
    const d0 = a[aOffset + j] - b[bOffset + j];
    const d1 = a[aOffset + j + 1] - b[bOffset + j + 1];
    const d2 = a[aOffset + j + 2] - b[bOffset + j + 2];
    const d3 = a[aOffset + j + 3] - b[bOffset + j + 3];
    s0 += d0 * d0;
    s1 += d1 * d1;
    s2 += d2 * d2;
    s3 += d3 * d3;
  }
  for (; j < cols; j++) {
    const d = a[aOffset + j] - b[bOffset + j];
    s0 += d * d;
  }
  return s0 + s1 + (s2 + s3);
}
