import type { CompiledIdentityRules } from './compile-identity-rules.js';
import type { IdentityInput } from './identity-input.js';

/**
 * Distinct normalized identifier values. A value is (type, normalized string):
 * the same string under two types is two values. Blocked values are interned
 * too, flagged, so reports can name and count them; they never link.
 */
export interface InternedIdentifiers {
  /** Per occurrence: value id, or -1 when the raw value was null (absent) or failed to normalize (invalid). */
  readonly valueOfOccurrence: Int32Array;
  /** Per type index: occurrences whose value failed to normalize (bad phones, emails without '@'). */
  readonly invalidByType: Int32Array;
  readonly valueCount: number;
  /** Per value id: normalized string. */
  readonly values: readonly string[];
  readonly valueType: Uint8Array;
  /** Per value id: hash of the normalized string; the canonical processing order sorts by it. */
  readonly valueHash: Uint32Array;
  /** Per value id: 1 when blocked. */
  readonly valueBlocked: Uint8Array;
}

/**
 * Normalizes and interns every occurrence. A Map<string, number> over ~4M
 * strings dominated resolution time, so this is an open-addressing table on
 * typed arrays with our own string hash; the hash is reused for the canonical
 * order, and blocked tests run once per distinct value rather than per occurrence.
 */
export function internIdentifiers(input: IdentityInput, compiled: CompiledIdentityRules): InternedIdentifiers {
  const occurrences = input.occurrenceRecord.length;
  const { normalizers } = compiled;
  // Load at most 0.8 even if every occurrence were distinct (real data repeats values, so far less);
  // a larger table only spreads the probes over more cache lines.
  let capacity = 16;
  while (capacity < occurrences * 1.25) capacity *= 2;
  const mask = capacity - 1;
  // Interleaved (hash, id + 1) pairs: a probe touches one cache line, and
  // strings are compared only when the full hash matches.
  const slots = new Int32Array(capacity * 2);
  // Preallocated, not pushed: growing a multi-million element array copies it repeatedly.
  const values: string[] = new Array<string>(occurrences);
  let valueCount = 0;
  const valueType = new Uint8Array(occurrences);
  const valueHash = new Uint32Array(occurrences);
  const valueOfOccurrence = new Int32Array(occurrences);
  const invalidByType = new Int32Array(compiled.typeNames.length);

  for (let o = 0; o < occurrences; o++) {
    const raw = input.occurrenceValue[o];
    const type = input.occurrenceType[o];
    const value = raw === null ? null : normalizers[type](raw);
    if (value === null) {
      if (raw !== null) invalidByType[type]++;
      valueOfOccurrence[o] = -1;
      continue;
    }
    const hash = hashString(value) | 0;
    let slot = (hash ^ Math.imul(type + 1, 0x9e3779b1)) & mask;
    let id = -1;
    for (;;) {
      const stored = slots[2 * slot + 1] - 1;
      if (stored === -1) break;
      if (slots[2 * slot] === hash && valueType[stored] === type && values[stored] === value) {
        id = stored;
        break;
      }
      slot = (slot + 1) & mask;
    }
    if (id === -1) {
      id = valueCount++;
      values[id] = value;
      valueType[id] = type;
      valueHash[id] = hash;
      slots[2 * slot] = hash;
      slots[2 * slot + 1] = id + 1;
    }
    valueOfOccurrence[o] = id;
  }
  values.length = valueCount;

  const valueBlocked = new Uint8Array(valueCount);
  for (let v = 0; v < valueCount; v++) if (compiled.isBlocked(valueType[v], values[v])) valueBlocked[v] = 1;
  return {
    valueOfOccurrence,
    invalidByType,
    valueCount,
    values,
    valueType: valueType.slice(0, valueCount),
    valueHash: valueHash.slice(0, valueCount),
    valueBlocked,
  };
}

/** FNV-1a over UTF-16 code units with a murmur3 finalizer, so low bits index the table well. */
export function hashString(value: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
