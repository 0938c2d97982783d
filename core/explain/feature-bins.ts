/** Most bins information gain uses for a continuous feature, and the distinct-value cut-off for using values as is. */
export const MAX_FEATURE_BINS = 10;

/** Ascending distinct values when there are at most `limit` of them, else null. Works on unsorted values. */
export function distinctValuesUpTo(values: Float64Array, limit: number = MAX_FEATURE_BINS): number[] | null {
  const distinct: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (!distinct.includes(value)) {
      if (distinct.length === limit) return null;
      distinct.push(value);
    }
  }
  return distinct.sort((a, b) => a - b);
}

/** Ranks (0-based, in ascending order) whose values cut n values into `bins` equal-frequency bins: floor(i n / bins). */
export function equalFrequencyRanks(n: number, bins: number = MAX_FEATURE_BINS): number[] {
  return Array.from({ length: bins - 1 }, (_, i) => Math.floor(((i + 1) * n) / bins));
}

/**
 * Bin edges for one feature. A value v falls in bin `binIndex(edges, v)` =
 * number of edges <= v.
 *
 * - At most 10 distinct values (`distinct` not null): every distinct value is
 *   its own bin; the edges are the distinct values after the smallest.
 * - Otherwise equal-frequency bins: the candidate edges are the values at
 *   equalFrequencyRanks (`rankValues`, ascending). Tied values always share a
 *   bin (a tie run lands wholly in the bin its value opens), so heavy ties
 *   merge candidate edges and give fewer, unequal bins rather than splitting
 *   equal values arbitrarily; an edge equal to the minimum is dropped.
 */
export function featureBinEdges(
  distinct: readonly number[] | null,
  rankValues: ArrayLike<number>,
  min: number,
): Float64Array {
  if (distinct !== null) return Float64Array.from(distinct.slice(1));
  const edges: number[] = [];
  for (let i = 0; i < rankValues.length; i++) {
    const edge = rankValues[i];
    if (edge > min && (edges.length === 0 || edge > edges[edges.length - 1])) edges.push(edge);
  }
  return Float64Array.from(edges);
}

/** Bin of v: how many edges are <= v. A linear scan beats binary search for <= 9 edges. */
export function binIndex(edges: Float64Array, value: number): number {
  let bin = 0;
  while (bin < edges.length && edges[bin] <= value) bin++;
  return bin;
}
