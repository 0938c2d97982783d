/**
 * Rearranges values[lo..hi] so that for every rank r in `ranks` (absolute
 * indexes within lo..hi) values[r] is the value a full sort would put there.
 * Recursive multi-quickselect: O(n log q) for q ranks instead of the
 * O(n log n) of sorting; the reports need a dozen quantiles per column, not
 * the order. A range that partitions badly is sorted instead, so the worst
 * case stays O(n log n).
 */
export function selectRanks(
  values: Float64Array,
  ranks: readonly number[],
  lo: number = 0,
  hi: number = values.length - 1,
): void {
  const unique = [...new Set(ranks)].sort((a, b) => a - b);
  selectRange(values, lo, hi, unique, 0, unique.length);
}

function selectRange(values: Float64Array, lo: number, hi: number, ranks: number[], first: number, last: number): void {
  if (first >= last || lo >= hi) return;
  const middle = (first + last) >> 1;
  const rank = ranks[middle];
  selectOne(values, lo, hi, rank);
  // Everything left of rank is <= values[rank] and everything right is >=, so the other ranks live on their own side.
  selectRange(values, lo, rank - 1, ranks, first, middle);
  selectRange(values, rank + 1, hi, ranks, middle + 1, last);
}

/** Wirth's selection with a median-of-three pivot; equal keys stop both scans, so ties cannot make it quadratic. */
function selectOne(values: Float64Array, lo: number, hi: number, rank: number): void {
  let budget = 16 + 2 * Math.ceil(Math.log2(hi - lo + 1));
  while (lo < hi) {
    if (budget-- === 0) {
      values.subarray(lo, hi + 1).sort();
      return;
    }
    const pivot = medianOfThree(values[lo], values[(lo + hi) >>> 1], values[hi]);
    let i = lo;
    let j = hi;
    do {
      while (values[i] < pivot) i++;
      while (pivot < values[j]) j--;
      if (i <= j) {
        const held = values[i];
        values[i] = values[j];
        values[j] = held;
        i++;
        j--;
      }
    } while (i <= j);
    if (j < rank) lo = i;
    if (rank < i) hi = j;
  }
}

function medianOfThree(a: number, b: number, c: number): number {
  if (a < b) return b < c ? b : a < c ? c : a;
  return a < c ? a : b < c ? c : b;
}
