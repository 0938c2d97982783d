import type { InternedIdentityInput } from './identity-input.js';
import type { InternedIdentifiers } from './intern-identifiers.js';

/**
 * A number naming an identifier value (type, normalized string) in the
 * persisted value table: type index * 2^32 + the 32-bit hash of the
 * normalized string, exact in a double and a bigint column. Two values may
 * share a key; that only widens an incremental refresh to one more candidate
 * component, never narrows it, so keys need no collision handling.
 */
export function valueKey(interned: Pick<InternedIdentifiers, 'valueType' | 'valueHash'>, value: number): number {
  return interned.valueType[value] * 0x1_0000_0000 + interned.valueHash[value];
}

/**
 * Keys of the values that can link records (neither blocked nor invalid),
 * deduplicated, ascending; only those flagged in `only` (per value id) when given.
 */
export function linkingValueKeys(interned: InternedIdentifiers, only?: Uint8Array): Float64Array {
  const keys: number[] = [];
  for (let v = 0; v < interned.valueCount; v++) {
    if (interned.valueBlocked[v] === 0 && (only === undefined || only[v] === 1)) keys.push(valueKey(interned, v));
  }
  const sorted = Float64Array.from(keys).sort();
  let kept = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[kept++] = sorted[i];
  return sorted.slice(0, kept);
}

/** Linking value keys (see linkingValueKeys) of the values the given records carry. */
export function linkingValueKeysOfRecords(input: InternedIdentityInput, records: ArrayLike<number>): Float64Array {
  const { identifiers, occurrenceRecord } = input;
  const chosen = new Uint8Array(input.recordKeys.length);
  for (let i = 0; i < records.length; i++) chosen[records[i]] = 1;
  const carried = new Uint8Array(identifiers.valueCount);
  for (let o = 0; o < occurrenceRecord.length; o++) {
    const v = identifiers.valueOfOccurrence[o];
    if (v >= 0 && chosen[occurrenceRecord[o]] === 1) carried[v] = 1;
  }
  return linkingValueKeys(identifiers, carried);
}

/** Per value id: the first record carrying it (in input order; every interned value has one). */
export function valueCarriers(input: InternedIdentityInput): Int32Array {
  const { identifiers, occurrenceRecord } = input;
  const carrier = new Int32Array(identifiers.valueCount).fill(-1);
  for (let o = 0; o < occurrenceRecord.length; o++) {
    const v = identifiers.valueOfOccurrence[o];
    if (v >= 0 && carrier[v] < 0) carrier[v] = occurrenceRecord[o];
  }
  return carrier;
}
