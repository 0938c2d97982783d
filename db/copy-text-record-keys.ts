import { Buffer } from 'node:buffer';
import { hashBytes } from '../core/identity/intern-identifiers.js';
import type { RecordKeys } from '../core/identity/record-keys.js';
import { decodeCopyValue } from './copy-text.js';

const TAB = 0x09;

/**
 * Record keys as the identity reader keeps them: per record, back to back,
 * `source<TAB>record_id<TAB>` as COPY text (the record id escaped as
 * PostgreSQL wrote it), record r's bytes ending at ends[r]. The same bytes
 * start each identity map row, so keys cost no string per record; a key
 * becomes a string only when asked for. Ordered by those bytes, a fixed order
 * (escaping is one-to-one) that matches string order for ASCII keys of one
 * source.
 */
export class CopyTextRecordKeys implements RecordKeys {
  private readonly bytes: Buffer;

  constructor(
    text: Uint8Array,
    private readonly ends: Uint32Array,
  ) {
    this.bytes = Buffer.from(text.buffer, text.byteOffset, text.byteLength);
  }

  get length(): number {
    return this.ends.length;
  }

  key(record: number): string {
    const start = this.start(record);
    const tab = this.bytes.indexOf(TAB, start);
    return `${this.bytes.toString('utf8', start, tab)}:${decodeCopyValue(this.bytes.toString('utf8', tab + 1, this.ends[record] - 1))}`;
  }

  compare(a: number, b: number): number {
    const { bytes, ends } = this;
    let i = this.start(a);
    let j = this.start(b);
    const endA = ends[a];
    const endB = ends[b];
    for (; i < endA && j < endB; i++, j++) {
      if (bytes[i] !== bytes[j]) return bytes[i] - bytes[j];
    }
    return endA - i - (endB - j);
  }

  hash(record: number): number {
    return hashBytes(this.bytes, this.start(record), this.ends[record]);
  }

  toArray(): string[] {
    return Array.from({ length: this.length }, (_, record) => this.key(record));
  }

  private start(record: number): number {
    return record === 0 ? 0 : this.ends[record - 1];
  }
}
