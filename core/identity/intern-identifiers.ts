import type { Buffer } from 'node:buffer';
import type { CompiledIdentityRules } from './compile-identity-rules.js';
import { GrowableArray } from '../growable-array.js';
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

/** An interner's state as plain, postable data (see IdentifierInterner.exportPart). */
export interface InternerPart {
  readonly values: string;
  readonly valueType: Uint8Array;
  readonly valueHash: Uint32Array;
  readonly valueBlocked: Uint8Array;
  readonly valueOfOccurrence: Int32Array;
  readonly invalidByType: Int32Array;
}

/** Normalizes and interns every occurrence of a columnar input. */
export function internIdentifiers(input: IdentityInput, compiled: CompiledIdentityRules): InternedIdentifiers {
  const interner = new IdentifierInterner(compiled, input.occurrenceRecord.length);
  for (let o = 0; o < input.occurrenceRecord.length; o++) interner.add(input.occurrenceType[o], input.occurrenceValue[o]);
  return interner.finish();
}

/**
 * Normalizes and interns occurrences one at a time, so a COPY reader can
 * intern while it parses and keep no string per occurrence. A
 * Map<string, number> over ~4M strings dominated resolution time, so this is
 * an open-addressing table on typed arrays with our own string hash; the hash
 * is reused for the canonical order, and blocked tests run once per distinct
 * value (when it is first seen) rather than per occurrence.
 */
export class IdentifierInterner {
  // Interleaved (hash, id + 1) pairs: a probe touches one cache line, and
  // strings are compared only when the full hash matches.
  private slots: Int32Array;
  private mask: number;
  private readonly values: string[] = [];
  private valueType: Uint8Array;
  private valueHash: Uint32Array;
  private valueBlocked: Uint8Array;
  private valueCount = 0;
  private readonly valueOfOccurrence: GrowableArray<Int32Array>;
  private readonly invalidByType: Int32Array;
  private readonly normalizers: CompiledIdentityRules['normalizers'];
  /** Per type: how addAscii normalizes bytes itself (ASCII_ID, ASCII_EMAIL), or BY_NORMALIZER. */
  private readonly asciiNormalization: Uint8Array;

  /** expectedOccurrences sizes the arrays up front; they grow past it. */
  constructor(private readonly compiled: CompiledIdentityRules, expectedOccurrences = 1024) {
    this.normalizers = compiled.normalizers;
    this.asciiNormalization = Uint8Array.from(compiled.rules.identifierTypes, ({ normalizer }) =>
      normalizer === 'id' ? ASCII_ID : normalizer === 'email' ? ASCII_EMAIL : BY_NORMALIZER,
    );
    this.invalidByType = new Int32Array(compiled.typeNames.length);
    this.valueOfOccurrence = new GrowableArray((length) => new Int32Array(length), expectedOccurrences);
    // Load at most 0.8 even if every occurrence were distinct (real data repeats values, so far less).
    let capacity = 16;
    while (capacity < expectedOccurrences * 1.25) capacity *= 2;
    this.mask = capacity - 1;
    this.slots = new Int32Array(capacity * 2);
    this.valueType = new Uint8Array(capacity);
    this.valueHash = new Uint32Array(capacity);
    this.valueBlocked = new Uint8Array(capacity);
  }

  /** Records one occurrence of type `type`; returns its value id, or -1 when raw is null (absent) or fails to normalize (invalid). */
  add(type: number, raw: string | null): number {
    const value = raw === null ? null : this.normalizers[type](raw);
    if (value === null) {
      if (raw !== null) this.invalidByType[type]++;
      this.valueOfOccurrence.push(-1);
      return -1;
    }
    const id = this.intern(type, value, hashString(value) | 0, -1);
    this.valueOfOccurrence.push(id);
    return id;
  }

  /**
   * Records one occurrence from bytes [start, end) that are ASCII without a
   * backslash (a COPY text field needing no unescaping). Ids and emails are
   * trimmed, lowercased, hashed and looked up on the bytes, so a value seen
   * before costs no string; other types go through their normalizer. The
   * value, its hash and its id are exactly those add() gives the same text.
   */
  addAscii(type: number, bytes: Buffer, start: number, end: number): number {
    const normalization = this.asciiNormalization[type];
    if (normalization === BY_NORMALIZER) return this.add(type, bytes.toString('latin1', start, end));
    const rawStart = start;
    const rawEnd = end;
    while (start < end && isAsciiSpace(bytes[start])) start++;
    while (end > start && isAsciiSpace(bytes[end - 1])) end--;
    if (start === end) return this.add(type, bytes.toString('latin1', rawStart, rawEnd));
    const lower = normalization === ASCII_EMAIL;
    let hash = FNV_OFFSET;
    let at = false;
    for (let i = start; i < end; i++) {
      let code = bytes[i];
      if (lower && code >= 0x41 && code <= 0x5a) code += 0x20;
      at ||= code === 0x40;
      hash = Math.imul(hash ^ code, FNV_PRIME);
    }
    if (lower && !at) {
      this.invalidByType[type]++;
      this.valueOfOccurrence.push(-1);
      return -1;
    }
    hash = finalizeHash(hash) | 0;
    const { slots, mask, values, valueType } = this;
    let slot = (hash ^ Math.imul(type + 1, 0x9e3779b1)) & mask;
    for (;;) {
      const stored = slots[2 * slot + 1] - 1;
      if (stored === -1) break;
      if (slots[2 * slot] === hash && valueType[stored] === type && equalsAscii(values[stored], bytes, start, end, lower)) {
        this.valueOfOccurrence.push(stored);
        return stored;
      }
      slot = (slot + 1) & mask;
    }
    const text = bytes.toString('latin1', start, end);
    const id = this.insert(slot, type, lower ? text.toLowerCase() : text, hash, -1);
    this.valueOfOccurrence.push(id);
    return id;
  }

  /**
   * Everything interned so far as plain data a worker thread can post: the
   * distinct values joined by NUL (PostgreSQL text cannot contain it) rather
   * than millions of strings to clone one by one.
   */
  exportPart(): InternerPart {
    const count = this.valueCount;
    return {
      values: this.values.join('\0'),
      valueType: this.valueType.slice(0, count),
      valueHash: this.valueHash.slice(0, count),
      valueBlocked: this.valueBlocked.slice(0, count),
      valueOfOccurrence: this.valueOfOccurrence.toArray(),
      invalidByType: this.invalidByType.slice(),
    };
  }

  /** Appends another interner's part (whose arrays it reuses): its occurrences follow this interner's, its values join this table. */
  appendPart(part: InternerPart): void {
    const values = part.valueType.length === 0 ? [] : part.values.split('\0');
    const remap = new Int32Array(values.length);
    for (let v = 0; v < values.length; v++) remap[v] = this.intern(part.valueType[v], values[v], part.valueHash[v] | 0, part.valueBlocked[v]);
    const occurrences = part.valueOfOccurrence;
    for (let o = 0; o < occurrences.length; o++) if (occurrences[o] >= 0) occurrences[o] = remap[occurrences[o]];
    this.valueOfOccurrence.append(occurrences);
    for (let t = 0; t < this.invalidByType.length; t++) this.invalidByType[t] += part.invalidByType[t];
  }

  /** The id of a normalized value with its hash, added if new; `blocked` is its blocked flag when known, else -1 (tested here, once per distinct value). */
  private intern(type: number, value: string, hash: number, blocked: number): number {
    const { slots, mask, values, valueType } = this;
    let slot = (hash ^ Math.imul(type + 1, 0x9e3779b1)) & mask;
    for (;;) {
      const stored = slots[2 * slot + 1] - 1;
      if (stored === -1) break;
      if (slots[2 * slot] === hash && valueType[stored] === type && values[stored] === value) return stored;
      slot = (slot + 1) & mask;
    }
    return this.insert(slot, type, value, hash, blocked);
  }

  /** Adds a new value in the empty `slot` its probe ended on. */
  private insert(slot: number, type: number, value: string, hash: number, blocked: number): number {
    const id = this.valueCount++;
    this.values.push(value);
    this.valueType[id] = type;
    this.valueHash[id] = hash;
    this.valueBlocked[id] = blocked >= 0 ? blocked : this.compiled.isBlocked(type, value) ? 1 : 0;
    this.slots[2 * slot] = hash;
    this.slots[2 * slot + 1] = id + 1;
    if (this.valueCount * 5 > (this.mask + 1) * 4) this.grow();
    return id;
  }

  /** The interned values; the interner is spent afterwards. */
  finish(): InternedIdentifiers {
    const { valueCount, values } = this;
    return {
      valueOfOccurrence: this.valueOfOccurrence.toArray(),
      invalidByType: this.invalidByType.slice(),
      valueCount,
      values,
      valueType: this.valueType.slice(0, valueCount),
      valueHash: this.valueHash.slice(0, valueCount),
      valueBlocked: this.valueBlocked.slice(0, valueCount),
    };
  }

  /** Doubles the table and reinserts every value by its stored hash (no string is hashed again). */
  private grow(): void {
    const capacity = (this.mask + 1) * 2;
    const mask = capacity - 1;
    const slots = new Int32Array(capacity * 2);
    for (let id = 0; id < this.valueCount; id++) {
      const hash = this.valueHash[id] | 0;
      let slot = (hash ^ Math.imul(this.valueType[id] + 1, 0x9e3779b1)) & mask;
      while (slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = hash;
      slots[2 * slot + 1] = id + 1;
    }
    const valueType = new Uint8Array(capacity);
    valueType.set(this.valueType);
    const valueHash = new Uint32Array(capacity);
    valueHash.set(this.valueHash);
    const valueBlocked = new Uint8Array(capacity);
    valueBlocked.set(this.valueBlocked);
    this.valueBlocked = valueBlocked;
    this.slots = slots;
    this.mask = mask;
    this.valueType = valueType;
    this.valueHash = valueHash;
  }
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const BY_NORMALIZER = 0;
const ASCII_ID = 1;
const ASCII_EMAIL = 2;

/** FNV-1a over UTF-16 code units with a murmur3 finalizer, so low bits index the table well. */
export function hashString(value: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < value.length; i++) hash = Math.imul(hash ^ value.charCodeAt(i), FNV_PRIME);
  return finalizeHash(hash);
}

/** FNV-1a over bytes with the same finalizer: hashString's value for a string of those code units. */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let hash = FNV_OFFSET;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i], FNV_PRIME);
  return finalizeHash(hash);
}

function finalizeHash(hash: number): number {
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** What String.prototype.trim removes, within ASCII. */
function isAsciiSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

/** Whether `value` is the ASCII bytes [start, end), lowercased first when `lower`. */
function equalsAscii(value: string, bytes: Buffer, start: number, end: number, lower: boolean): boolean {
  if (value.length !== end - start) return false;
  for (let i = start; i < end; i++) {
    let code = bytes[i];
    if (lower && code >= 0x41 && code <= 0x5a) code += 0x20;
    if (value.charCodeAt(i - start) !== code) return false;
  }
  return true;
}
