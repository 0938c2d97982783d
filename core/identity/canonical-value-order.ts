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
  return sortByHash(valueIds, valueHash, (id) => values[id], valueType);
}

/**
 * Sorts ids by (group, hash, text) with group and hash indexed by id: LSD
 * radix passes over the 32-bit hash (16 bits each) and the 8-bit group, then
 * the rare runs of equal (group, hash) by text. The order depends only on
 * what the ids name, never on where they sat.
 */
export function sortByHash(ids: Int32Array, hashOf: Uint32Array, textOf: (id: number) => string, groupOf?: Uint8Array): Int32Array {
  const n = ids.length;
  const keys = new Uint32Array(n);
  // Each pass is stable: low 16 hash bits, high 16 hash bits, then the group.
  for (let i = 0; i < n; i++) keys[i] = hashOf[ids[i]] & 0xffff;
  let sorted = stableCountingSort(ids, keys, 1 << 16);
  for (let i = 0; i < n; i++) keys[i] = hashOf[sorted[i]] >>> 16;
  sorted = stableCountingSort(sorted, keys, 1 << 16);
  if (groupOf !== undefined) {
    for (let i = 0; i < n; i++) keys[i] = groupOf[sorted[i]];
    sorted = stableCountingSort(sorted, keys, 256);
  }
  const sameGroup = (a: number, b: number): boolean => groupOf === undefined || groupOf[a] === groupOf[b];
  for (let start = 0; start < n; ) {
    let end = start + 1;
    const first = sorted[start];
    while (end < n && hashOf[sorted[end]] === hashOf[first] && sameGroup(sorted[end], first)) end++;
    if (end - start > 1) {
      const run = Array.from(sorted.subarray(start, end)).sort((a, b) => {
        const x = textOf(a);
        const y = textOf(b);
        return x < y ? -1 : x > y ? 1 : 0;
      });
      sorted.set(run, start);
    }
    start = end;
  }
  return sorted;
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
