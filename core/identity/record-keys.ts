import { hashString } from './intern-identifiers.js';

/**
 * The records' keys (`source:record_id`) by record index. A COPY reader keeps
 * them as the bytes it read (see db/copy-text-record-keys.ts) rather than
 * millions of strings, which the garbage collector would walk in every phase;
 * resolution only counts them, and assigning ids only compares and hashes the
 * smallest key of each profile.
 */
export interface RecordKeys {
  readonly length: number;
  /** Record r's key. */
  key(record: number): string;
  /** A fixed total order of the keys (each implementation its own): negative when a's comes first, 0 for the same key. */
  compare(a: number, b: number): number;
  /** A 32-bit hash of record r's key. */
  hash(record: number): number;
  /** Every key as a string, for small inputs (tests, audits). */
  toArray(): string[];
}

/** Keys held as strings (small inputs built from objects); ordered as strings are. */
export class StringRecordKeys implements RecordKeys {
  constructor(private readonly keys: readonly string[]) {}

  get length(): number {
    return this.keys.length;
  }

  key(record: number): string {
    return this.keys[record];
  }

  compare(a: number, b: number): number {
    const x = this.keys[a];
    const y = this.keys[b];
    return x < y ? -1 : x > y ? 1 : 0;
  }

  hash(record: number): number {
    return hashString(this.keys[record]);
  }

  toArray(): string[] {
    return [...this.keys];
  }
}
