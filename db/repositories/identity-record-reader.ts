import type { CompiledIdentityRules } from '../../core/identity/compile-identity-rules.js';
import { identifierTypeIndex } from '../../core/identity/compile-identity-rules.js';
import type { IdentityInput } from '../../core/identity/identity-input.js';
import { identityRecordKeys, sourceTables, type IdentityRecordSource } from '../../generator/source-tables.js';
import type { SegflowDatabase } from '../open-database.js';
import { quoteLiteral } from '../sql-literal.js';

export interface IdentityRecords {
  input: IdentityInput;
  /** Per record: its source table and id (for writing the map back). */
  sources: IdentityRecordSource[];
  recordIds: string[];
  /** Per record: the profile id it had in the persisted identity map, or -1 for a new record. */
  previousProfile: Float64Array;
}

export class IdentitySourceError extends Error {
  override readonly name = 'IdentitySourceError';
}

/**
 * Reads every identity record of the configured sources with COPY, in one
 * pass per source, into the columnar input of the resolver, together with the
 * profile id each record had in the persisted map.
 */
export async function readIdentityRecords(
  database: SegflowDatabase,
  compiled: CompiledIdentityRules,
  onProgress?: (records: number) => void,
): Promise<IdentityRecords> {
  const recordKeys: string[] = [];
  const sources: IdentityRecordSource[] = [];
  const recordIds: string[] = [];
  const previous: number[] = [];
  const occurrenceRecord = new GrowableInt32Array();
  const occurrenceType: number[] = [];
  const occurrenceValue: string[] = [];

  for (const [source, columnTypes] of Object.entries(compiled.rules.sources)) {
    if (!(source in identityRecordKeys)) {
      throw new IdentitySourceError(`identity rules name source '${source}', which is not an identity record table (${Object.keys(identityRecordKeys).join(', ')})`);
    }
    const recordSource = source as IdentityRecordSource;
    const keyColumn = identityRecordKeys[recordSource];
    const columns = Object.keys(columnTypes);
    const known: readonly string[] = sourceTables[recordSource];
    for (const column of columns) {
      if (!known.includes(column)) throw new IdentitySourceError(`identity rules name column ${source}.${column}, which does not exist`);
    }
    const types = columns.map((column) => identifierTypeIndex(compiled, columnTypes[column]));
    const query =
      `select s.${keyColumn}, m.profile_id, ${columns.map((column) => `s.${column}`).join(', ')} ` +
      `from sources.${source} s left join segflow.identity_map m ` +
      `on m.source = ${quoteLiteral(source)} and m.record_id = s.${keyColumn} order by s.${keyColumn}`;
    for await (const batch of database.copyOut(query)) {
      for (const row of batch) {
        const record = recordKeys.length;
        const recordId = row[0]!;
        recordKeys.push(`${source}:${recordId}`);
        sources.push(recordSource);
        recordIds.push(recordId);
        previous.push(row[1] === null ? -1 : Number(row[1]));
        for (let c = 0; c < columns.length; c++) {
          const value = row[c + 2];
          if (value === null) continue;
          occurrenceRecord.push(record);
          occurrenceType.push(types[c]);
          occurrenceValue.push(value);
        }
      }
      onProgress?.(recordKeys.length);
    }
  }
  return {
    input: {
      recordKeys,
      occurrenceRecord: occurrenceRecord.toArray(),
      occurrenceType: Uint8Array.from(occurrenceType),
      occurrenceValue,
    },
    sources,
    recordIds,
    previousProfile: Float64Array.from(previous),
  };
}

class GrowableInt32Array {
  private data = new Int32Array(1024);
  private length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}
