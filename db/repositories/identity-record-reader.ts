import type { CompiledIdentityRules } from '../../core/identity/compile-identity-rules.js';
import { identifierTypeIndex } from '../../core/identity/compile-identity-rules.js';
import type { IdentityInput } from '../../core/identity/identity-input.js';
import { identityRecordKeys, sourceTables, type IdentityRecordSource } from '../../generator/source-tables.js';
import { decodeCopyValue } from '../copy-text.js';
import type { SegflowDatabase } from '../open-database.js';
import { quoteLiteral } from '../sql-literal.js';

export interface IdentityRecords {
  input: IdentityInput;
  /** Per record: its source table and id (for writing the map back). */
  sources: IdentityRecordSource[];
  recordIds: string[];
  /** Per record: the profile id it had in the persisted identity map, or -1 for a record not in the map. */
  previousProfile: Float64Array;
  /** Per record: its candidate component key in the persisted map, or -1. */
  previousCandidate: Float64Array;
  /** Per record: its ingest_seq (see migrations/0002-identity.ts). */
  ingestSeq: Float64Array;
}

/** Which records to read; every filter reads whole records with all their identifiers. */
export type IdentityRecordFilter =
  | { readonly kind: 'all' }
  /** Records inserted or updated after the watermark. */
  | { readonly kind: 'changedSince'; readonly watermark: number }
  /** Records whose map row lies in one of these candidate components. */
  | { readonly kind: 'candidates'; readonly candidateIds: readonly number[] }
  /** Both of the above: what an incremental refresh resolves. */
  | { readonly kind: 'changedSinceOrCandidates'; readonly watermark: number; readonly candidateIds: readonly number[] };

export class IdentitySourceError extends Error {
  override readonly name = 'IdentitySourceError';
}

const allRecords: IdentityRecordFilter = { kind: 'all' };

/**
 * Reads identity records of the configured sources with COPY, one pass per
 * source, into the columnar input of the resolver, with the profile id and
 * candidate component each record has in the persisted map. Rows are parsed
 * straight from the COPY text (no array per row): at millions of records the
 * per-row garbage of a generic decoder cost more than the resolution itself.
 */
export async function readIdentityRecords(
  database: SegflowDatabase,
  compiled: CompiledIdentityRules,
  filter: IdentityRecordFilter = allRecords,
  onProgress?: (records: number) => void,
): Promise<IdentityRecords> {
  const recordKeys: string[] = [];
  const sources: IdentityRecordSource[] = [];
  const recordIds: string[] = [];
  const previousProfile = new Growable((length) => new Float64Array(length));
  const previousCandidate = new Growable((length) => new Float64Array(length));
  const occurrenceRecord = new Growable((length) => new Int32Array(length));
  const occurrenceType = new Growable((length) => new Uint8Array(length));
  const occurrenceValue: string[] = [];
  const ingestSeq = new Growable((length) => new Float64Array(length));

  for (const [source, columnTypes] of Object.entries(compiled.rules.sources)) {
    const recordSource = checkedSource(source);
    const keyColumn = identityRecordKeys[recordSource];
    const columns = Object.keys(columnTypes);
    const known: readonly string[] = sourceTables[recordSource];
    for (const column of columns) {
      if (!known.includes(column)) throw new IdentitySourceError(`identity rules name column ${source}.${column}, which does not exist`);
    }
    const conditions = filterConditions(filter);
    if (conditions.length === 0) continue;
    const types = columns.map((column) => identifierTypeIndex(compiled, columnTypes[column]));
    const select =
      `select s.${keyColumn}, m.profile_id, m.candidate_id, s.ingest_seq, ${columns.map((column) => `s.${column}`).join(', ')} ` +
      `from sources.${source} s left join segflow.identity_map m ` +
      `on m.source = ${quoteLiteral(source)} and m.record_id = s.${keyColumn}`;
    // Disjoint branches, each able to use its own index (an OR across the join could use neither).
    const query = conditions.map((condition) => select + condition).join(' union all ');
    const prefix = `${source}:`;
    const fieldCount = columns.length + 4;
    for await (const text of database.copyOutText(query)) {
      // Each chunk holds whole lines; fields are tab-separated, \N is NULL.
      let position = 0;
      const length = text.length;
      while (position < length) {
        const record = recordKeys.length;
        for (let field = 0; field < fieldCount; field++) {
          const last = field === fieldCount - 1;
          let end = text.indexOf(last ? '\n' : '\t', position);
          if (end < 0) end = length;
          const raw = text.slice(position, end);
          position = end + 1;
          if (field === 0) {
            const recordId = decodeCopyValue(raw)!;
            recordIds.push(recordId);
            recordKeys.push(prefix + recordId);
            sources.push(recordSource);
          } else if (field === 1) {
            previousProfile.push(raw === '\\N' ? -1 : Number(raw));
          } else if (field === 2) {
            previousCandidate.push(raw === '\\N' ? -1 : Number(raw));
          } else if (field === 3) {
            ingestSeq.push(Number(raw));
          } else if (raw !== '\\N') {
            occurrenceRecord.push(record);
            occurrenceType.push(types[field - 4]);
            occurrenceValue.push(decodeCopyValue(raw)!);
          }
        }
      }
      onProgress?.(recordKeys.length);
    }
  }
  return {
    input: {
      recordKeys,
      occurrenceRecord: occurrenceRecord.toArray(),
      occurrenceType: occurrenceType.toArray(),
      occurrenceValue,
    },
    sources,
    recordIds,
    previousProfile: previousProfile.toArray(),
    previousCandidate: previousCandidate.toArray(),
    ingestSeq: ingestSeq.toArray(),
  };
}

function checkedSource(source: string): IdentityRecordSource {
  if (!(source in identityRecordKeys)) {
    throw new IdentitySourceError(`identity rules name source '${source}', which is not an identity record table (${Object.keys(identityRecordKeys).join(', ')})`);
  }
  return source as IdentityRecordSource;
}

/** One WHERE clause (with its leading space) per disjoint branch of the query; none when the filter selects nothing. */
function filterConditions(filter: IdentityRecordFilter): string[] {
  const changed = (watermark: number): string => ` where s.ingest_seq > ${Math.floor(watermark)}`;
  const inCandidates = (candidateIds: readonly number[]): string =>
    ` where m.candidate_id = any(${quoteLiteral(`{${candidateIds.map((id) => Math.floor(id)).join(',')}}`)}::bigint[])`;
  switch (filter.kind) {
    case 'all':
      return [''];
    case 'changedSince':
      return [changed(filter.watermark)];
    case 'candidates':
      return filter.candidateIds.length === 0 ? [] : [inCandidates(filter.candidateIds)];
    case 'changedSinceOrCandidates': {
      const branches = [changed(filter.watermark)];
      if (filter.candidateIds.length > 0) branches.push(`${inCandidates(filter.candidateIds)} and s.ingest_seq <= ${Math.floor(filter.watermark)}`);
      return branches;
    }
  }
}

type GrowableKind = Int32Array | Uint8Array | Float64Array;

/** A typed-array builder: pushing millions of numbers into a plain array and converting costs twice the memory. */
class Growable<Kind extends GrowableKind> {
  private data: Kind;
  private length = 0;

  constructor(private readonly create: (length: number) => Kind) {
    this.data = create(1024);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = this.create(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  toArray(): Kind {
    return this.data.slice(0, this.length) as Kind;
  }
}
