import type { InternedIdentifiers } from './intern-identifiers.js';

/**
 * A number naming an identifier value (type, normalized string) in the
 * persisted value table: type index * 2^32 + the 32-bit hash of the
 * normalized string, exact in a double and a bigint column. Two values may
 * share a key; that only widens an incremental refresh to one more candidate
 * component, never narrows it, so keys need no collision handling.
 */
export function valueKey(interned: InternedIdentifiers, value: number): number {
  return interned.valueType[value] * 0x1_0000_0000 + interned.valueHash[value];
}

/** Keys of the values that can link records (neither blocked nor invalid), deduplicated, ascending. */
export function linkingValueKeys(interned: InternedIdentifiers): Float64Array {
  const keys: number[] = [];
  for (let v = 0; v < interned.valueCount; v++) if (interned.valueBlocked[v] === 0) keys.push(valueKey(interned, v));
  const sorted = Float64Array.from(keys).sort();
  let kept = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[kept++] = sorted[i];
  return sorted.slice(0, kept);
}
