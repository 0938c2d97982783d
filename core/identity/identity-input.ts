import type { CompiledIdentityRules } from './compile-identity-rules.js';
import { identifierTypeIndex } from './compile-identity-rules.js';
import { IdentityInputError } from './errors.js';
import { internIdentifiers, type InternedIdentifiers } from './intern-identifiers.js';
import { StringRecordKeys, type RecordKeys } from './record-keys.js';

/**
 * Columnar identity records, shaped so a COPY reader can fill it without
 * building an object per row: one entry per record in `recordKeys`, and one
 * entry per identifier occurrence (a record's value of one identifier type)
 * in the three occurrence arrays.
 */
export interface IdentityInput {
  /** 'source:record_id' per record; the record index is the position here. */
  readonly recordKeys: readonly string[];
  /** Per occurrence: index of the record carrying it. */
  readonly occurrenceRecord: Int32Array;
  /** Per occurrence: identifier type index (position in rules.identifierTypes). */
  readonly occurrenceType: Uint8Array;
  /** Per occurrence: the raw source value; null means the column was empty (not counted anywhere). */
  readonly occurrenceValue: readonly (string | null)[];
}

/**
 * Records whose identifier occurrences are already normalized and interned
 * (`identifiers.valueOfOccurrence` is aligned with `occurrenceRecord`): what a
 * COPY reader produces when it interns while parsing, keeping no string per
 * occurrence.
 */
export interface InternedIdentityInput {
  readonly recordKeys: RecordKeys;
  readonly occurrenceRecord: Int32Array;
  readonly identifiers: InternedIdentifiers;
}

/** One record as objects, for tests, audits and other small inputs. */
export interface IdentityRecord {
  readonly key: string;
  /** Identifier type name → raw value. */
  readonly identifiers: Readonly<Record<string, string | null | undefined>>;
}

export function identityInputFromRecords(records: readonly IdentityRecord[], compiled: CompiledIdentityRules): IdentityInput {
  const occurrenceRecord: number[] = [];
  const occurrenceType: number[] = [];
  const occurrenceValue: string[] = [];
  records.forEach((record, index) => {
    for (const [type, value] of Object.entries(record.identifiers)) {
      if (value === null || value === undefined) continue;
      occurrenceRecord.push(index);
      occurrenceType.push(identifierTypeIndex(compiled, type));
      occurrenceValue.push(value);
    }
  });
  return {
    recordKeys: records.map((record) => record.key),
    occurrenceRecord: Int32Array.from(occurrenceRecord),
    occurrenceType: Uint8Array.from(occurrenceType),
    occurrenceValue,
  };
}

/** The records at `recordIndexes` (in that order) with their occurrences: the input for recomputing a few components. */
export function subsetIdentityInput(input: IdentityInput, recordIndexes: ArrayLike<number>): IdentityInput {
  const newIndex = new Int32Array(input.recordKeys.length).fill(-1);
  const recordKeys: string[] = [];
  for (let i = 0; i < recordIndexes.length; i++) {
    newIndex[recordIndexes[i]] = i;
    recordKeys.push(input.recordKeys[recordIndexes[i]]);
  }
  const kept: number[] = [];
  for (let o = 0; o < input.occurrenceRecord.length; o++) if (newIndex[input.occurrenceRecord[o]] >= 0) kept.push(o);
  return {
    recordKeys,
    occurrenceRecord: Int32Array.from(kept, (o) => newIndex[input.occurrenceRecord[o]]),
    occurrenceType: Uint8Array.from(kept, (o) => input.occurrenceType[o]),
    occurrenceValue: kept.map((o) => input.occurrenceValue[o]),
  };
}

/** Validates a columnar input and interns its values. */
export function internIdentityInput(input: IdentityInput, compiled: CompiledIdentityRules): InternedIdentityInput {
  const occurrences = input.occurrenceRecord.length;
  if (input.occurrenceType.length !== occurrences || input.occurrenceValue.length !== occurrences) {
    throw new IdentityInputError(
      `occurrence arrays differ in length: record ${occurrences}, type ${input.occurrenceType.length}, value ${input.occurrenceValue.length}`,
    );
  }
  const typeCount = compiled.typeNames.length;
  for (let o = 0; o < occurrences; o++) {
    if (input.occurrenceType[o] >= typeCount) throw new IdentityInputError(`occurrence ${o} has type ${input.occurrenceType[o]} of ${typeCount}`);
  }
  return { recordKeys: new StringRecordKeys(input.recordKeys), occurrenceRecord: input.occurrenceRecord, identifiers: internIdentifiers(input, compiled) };
}

export function validateInternedInput(input: InternedIdentityInput): void {
  const occurrences = input.occurrenceRecord.length;
  if (input.identifiers.valueOfOccurrence.length !== occurrences) {
    throw new IdentityInputError(`occurrence arrays differ in length: record ${occurrences}, value ${input.identifiers.valueOfOccurrence.length}`);
  }
  const records = input.recordKeys.length;
  for (let o = 0; o < occurrences; o++) {
    const record = input.occurrenceRecord[o];
    if (record < 0 || record >= records) throw new IdentityInputError(`occurrence ${o} points at record ${record} of ${records}`);
  }
}
