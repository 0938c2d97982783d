import type { InternedIdentifiers } from './intern-identifiers.js';

/**
 * Sorts value ids into the order resolution processes them: by type
 * priority, then by hash of the normalized value, then by the value itself.
 * Every key depends only on the value, never on where it sat in the input,
 * which is what makes resolution independent of input order and lets a
 * subset of components be recomputed exactly. Hash order instead of string
 * order because radix-sorting 32-bit keys is far cheaper than comparing
 * millions of strings.
 */
export function canonicalValueOrder(valueIds: Int32Array, interned: InternedIdentifiers): Int32Array {
  const { valueHash, valueType, values } = interned;
  const n = valueIds.length;
  const keys = new Uint32Array(n);
  // LSD radix, each pass stable: low 16 hash bits, high 16 hash bits, then type.
  for (let i = 0; i < n; i++) keys[i] = valueHash[valueIds[i]] & 0xffff;
  let ids = stableCountingSort(valueIds, keys, 1 << 16);
  for (let i = 0; i < n; i++) keys[i] = valueHash[ids[i]] >>> 16;
  ids = stableCountingSort(ids, keys, 1 << 16);
  for (let i = 0; i < n; i++) keys[i] = valueType[ids[i]];
  ids = stableCountingSort(ids, keys, 256);

  // Equal (type, hash) runs are rare collisions; order them by the string.
  for (let start = 0; start < n; ) {
    let end = start + 1;
    const first = ids[start];
    while (end < n && valueHash[ids[end]] === valueHash[first] && valueType[ids[end]] === valueType[first]) end++;
    if (end - start > 1) {
      const run = Array.from(ids.subarray(start, end)).sort((a, b) => (values[a] < values[b] ? -1 : values[a] > values[b] ? 1 : 0));
      ids.set(run, start);
    }
    start = end;
  }
  return ids;
}

/** Stable counting sort of ids by keys[i] (the key of ids[i]) in [0, buckets). */
function stableCountingSort(ids: Int32Array, keys: Uint32Array, buckets: number): Int32Array {
  const counts = new Int32Array(buckets + 1);
  for (let i = 0; i < ids.length; i++) counts[keys[i] + 1]++;
  for (let b = 0; b < buckets; b++) counts[b + 1] += counts[b];
  const sorted = new Int32Array(ids.length);
  for (let i = 0; i < ids.length; i++) sorted[counts[keys[i]]++] = ids[i];
  return sorted;
}
