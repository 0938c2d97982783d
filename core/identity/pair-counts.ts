/** n choose 2: the number of record pairs inside a group of n. */
export function pairsOf(n: number): number {
  return (n * (n - 1)) / 2;
}

/**
 * Sizes of the non-empty groups of records sharing both labels a[i] and b[i]
 * (labels >= 0; records with a negative label are skipped). Sorting packed
 * keys keeps this O(n log n) with no per-pair work.
 */
export function jointGroupSizes(a: ArrayLike<number>, b: ArrayLike<number>): { readonly a: Int32Array; readonly b: Int32Array; readonly size: Int32Array } {
  let maxB = 0;
  let kept = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] < 0 || b[i] < 0) continue;
    kept++;
    if (b[i] > maxB) maxB = b[i];
  }
  const width = maxB + 1;
  const keys = new Float64Array(kept);
  for (let i = 0, k = 0; i < a.length; i++) if (a[i] >= 0 && b[i] >= 0) keys[k++] = a[i] * width + b[i];
  keys.sort();
  const groupA: number[] = [];
  const groupB: number[] = [];
  const size: number[] = [];
  for (let start = 0; start < kept; ) {
    let end = start + 1;
    while (end < kept && keys[end] === keys[start]) end++;
    groupA.push(Math.floor(keys[start] / width));
    groupB.push(keys[start] % width);
    size.push(end - start);
    start = end;
  }
  return { a: Int32Array.from(groupA), b: Int32Array.from(groupB), size: Int32Array.from(size) };
}

/** Sum of pairsOf(group size) over the groups of non-negative labels. */
export function pairsWithin(labels: ArrayLike<number>): number {
  let max = -1;
  for (let i = 0; i < labels.length; i++) if (labels[i] > max) max = labels[i];
  const counts = new Int32Array(max + 1);
  for (let i = 0; i < labels.length; i++) if (labels[i] >= 0) counts[labels[i]]++;
  let pairs = 0;
  for (let g = 0; g <= max; g++) pairs += pairsOf(counts[g]);
  return pairs;
}
