import type { CompiledIdentityRules } from '../../core/identity/compile-identity-rules.js';
import type { InternedIdentityInput } from '../../core/identity/identity-input.js';
import { IdentifierInterner, type InternerPart } from '../../core/identity/intern-identifiers.js';
import { GrowableArray } from '../../core/growable-array.js';
import type { Buffer } from 'node:buffer';
import { decodeCopyValue } from '../copy-text.js';
import { CopyTextRecordKeys } from '../copy-text-record-keys.js';

export interface IdentityRecords {
  input: InternedIdentityInput;
  /**
   * Per record, back to back: `source<TAB>record_id<TAB>` as COPY text (the
   * record id escaped as PostgreSQL wrote it), the start of its identity map
   * row; record r's bytes end at mapKeyTextEnd[r], where r + 1's begin.
   * Copied from the bytes read, so writing the map makes no string per
   * record; `input.recordKeys` reads the keys from the same bytes.
   */
  mapKeyText: Uint8Array;
  mapKeyTextEnd: Uint32Array;
  /** Per record: the profile id it had in the persisted identity map, or -1 for a record not in the map. */
  previousProfile: Float64Array;
  /** Per record: its candidate component key in the persisted map, or -1. */
  previousCandidate: Float64Array;
  /** Per record: its ingest_seq (see migrations/0002-identity.ts). */
  ingestSeq: Float64Array;
  /** Records each reading thread parsed (one entry per thread), for logs and tests. */
  recordsPerThread: number[];
}

/** A collector's records as plain data a worker thread can post. */
export interface CollectedPart {
  readonly mapKeyText: Uint8Array;
  readonly mapKeyTextEnd: Uint32Array;
  readonly previousProfile: Float64Array;
  readonly previousCandidate: Float64Array;
  readonly ingestSeq: Float64Array;
  readonly occurrenceRecord: Int32Array;
  readonly identifiers: InternerPart;
}

const TAB = 0x09;
const NEWLINE = 0x0a;
const BACKSLASH = 0x5c;
const COLON = 0x3a;

/** A decimal integer field of COPY text (bigint columns: ids and sequence numbers, far below 2^53). */
function parseInteger(bytes: Buffer, start: number, end: number): number {
  const negative = bytes[start] === 0x2d;
  let value = 0;
  for (let i = negative ? start + 1 : start; i < end; i++) value = value * 10 + (bytes[i] - 0x30);
  return negative ? -value : value;
}

/**
 * Parses COPY text of identity records (key, profile_id, candidate_id,
 * ingest_seq, then one column per identifier) into columnar arrays, interning
 * identifier values as it goes. One per thread when reading in parallel; the
 * parts are appended afterwards.
 */
export class IdentityRecordCollector {
  private readonly mapKeyText: GrowableArray<Uint8Array>;
  private readonly mapKeyTextEnd: GrowableArray<Uint32Array>;
  private readonly previousProfile: GrowableArray<Float64Array>;
  private readonly previousCandidate: GrowableArray<Float64Array>;
  private readonly ingestSeq: GrowableArray<Float64Array>;
  private readonly occurrenceRecord: GrowableArray<Int32Array>;
  private readonly interner: IdentifierInterner;
  private readonly partCounts: number[] = [];

  /** expectedRecords (an estimate; 0 if unknown) sizes the value table so it need not grow while millions of values arrive. */
  constructor(compiled: CompiledIdentityRules, expectedRecords: number) {
    this.interner = new IdentifierInterner(compiled, Math.max(1 << 16, expectedRecords));
    // Sized up front: arrays doubling their way to hundreds of MB copy them repeatedly and prompt full garbage collections.
    const records = Math.max(1024, Math.ceil(expectedRecords * 1.05));
    this.mapKeyText = new GrowableArray((length) => new Uint8Array(length), records * 24);
    this.mapKeyTextEnd = new GrowableArray((length) => new Uint32Array(length), records);
    this.previousProfile = new GrowableArray((length) => new Float64Array(length), records);
    this.previousCandidate = new GrowableArray((length) => new Float64Array(length), records);
    this.ingestSeq = new GrowableArray((length) => new Float64Array(length), records);
    this.occurrenceRecord = new GrowableArray((length) => new Int32Array(length), records * 2);
  }

  get recordCount(): number {
    return this.mapKeyTextEnd.length;
  }

  /**
   * Parses whole lines of one source's COPY output; `types` gives the
   * identifier type of each column after the first four. Works on the bytes:
   * a field becomes a string only when it is a value not seen before, or
   * needs unescaping or non-ASCII normalization.
   */
  parse(bytes: Buffer, types: readonly number[]): void {
    const { interner } = this;
    const fieldCount = types.length + 4;
    const length = bytes.length;
    let position = 0;
    while (position < length) {
      const record = this.mapKeyTextEnd.length;
      for (let field = 0; field < fieldCount; field++) {
        // Bytes up to the next tab or newline; plain = ASCII without a backslash escape.
        let end = position;
        let plain = true;
        for (; end < length; end++) {
          const code = bytes[end];
          if (code === TAB || code === NEWLINE) break;
          if (code >= 0x80 || code === BACKSLASH) plain = false;
        }
        const start = position;
        position = end + 1;
        const isNull = !plain && end - start === 2 && bytes[start] === BACKSLASH && bytes[start + 1] === 0x4e;
        if (field === 0) {
          this.appendMapKeyText(bytes, start, end);
        } else if (field === 1) {
          this.previousProfile.push(isNull ? -1 : parseInteger(bytes, start, end));
        } else if (field === 2) {
          this.previousCandidate.push(isNull ? -1 : parseInteger(bytes, start, end));
        } else if (field === 3) {
          this.ingestSeq.push(parseInteger(bytes, start, end));
        } else if (!isNull) {
          this.occurrenceRecord.push(record);
          if (plain) interner.addAscii(types[field - 4], bytes, start, end);
          else interner.add(types[field - 4], decodeCopyValue(bytes.toString('utf8', start, end)));
        }
      }
    }
  }

  /** The key `source:record_id` as map row text: the first ':' (source names hold none) becomes a tab, and a tab ends it. */
  private appendMapKeyText(bytes: Buffer, start: number, end: number): void {
    const { mapKeyText } = this;
    const colon = bytes.indexOf(COLON, start);
    mapKeyText.appendRange(bytes, start, colon);
    mapKeyText.push(TAB);
    mapKeyText.appendRange(bytes, colon + 1, end);
    mapKeyText.push(TAB);
    this.mapKeyTextEnd.push(mapKeyText.length);
  }

  exportPart(): CollectedPart {
    return {
      mapKeyText: this.mapKeyText.toArray(),
      mapKeyTextEnd: this.mapKeyTextEnd.toArray(),
      previousProfile: this.previousProfile.toArray(),
      previousCandidate: this.previousCandidate.toArray(),
      ingestSeq: this.ingestSeq.toArray(),
      occurrenceRecord: this.occurrenceRecord.toArray(),
      identifiers: this.interner.exportPart(),
    };
  }

  /** Appends another collector's records after this one's (record order never changes a resolution). */
  appendPart(part: CollectedPart): void {
    const offset = this.mapKeyTextEnd.length;
    this.partCounts.push(part.mapKeyTextEnd.length);
    const textOffset = this.mapKeyText.length;
    this.mapKeyText.append(part.mapKeyText);
    const ends = part.mapKeyTextEnd;
    for (let r = 0; r < ends.length; r++) ends[r] += textOffset;
    this.mapKeyTextEnd.append(ends);
    this.previousProfile.append(part.previousProfile);
    this.previousCandidate.append(part.previousCandidate);
    this.ingestSeq.append(part.ingestSeq);
    const occurrenceRecord = part.occurrenceRecord;
    for (let o = 0; o < occurrenceRecord.length; o++) occurrenceRecord[o] += offset;
    this.occurrenceRecord.append(occurrenceRecord);
    this.interner.appendPart(part.identifiers);
  }

  /** The records collected; the collector is spent afterwards. */
  finish(): IdentityRecords {
    // Shared: the value table's worker thread builds its rows from the key text too.
    const mapKeyText = this.mapKeyText.toSharedArray();
    const mapKeyTextEnd = this.mapKeyTextEnd.toSharedArray();
    return {
      input: { recordKeys: new CopyTextRecordKeys(mapKeyText, mapKeyTextEnd), occurrenceRecord: this.occurrenceRecord.toArray(), identifiers: this.interner.finish() },
      mapKeyText,
      mapKeyTextEnd,
      previousProfile: this.previousProfile.toArray(),
      previousCandidate: this.previousCandidate.toArray(),
      ingestSeq: this.ingestSeq.toArray(),
      recordsPerThread: [mapKeyTextEnd.length - this.partCounts.reduce((sum, count) => sum + count, 0), ...this.partCounts],
    };
  }
}
