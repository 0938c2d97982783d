import type { CompiledIdentityRules } from '../../core/identity/compile-identity-rules.js';
import { identifierTypeIndex } from '../../core/identity/compile-identity-rules.js';
import { sql } from 'kysely';
import { identityRecordKeys, sourceTables, type IdentityRecordSource } from '../../generator/source-tables.js';
import type { SegflowDatabase } from '../open-database.js';
import { inCandidateComponents, quoteLiteral } from '../sql-literal.js';
import { IdentityRecordCollector } from './identity-record-collector.js';
import type { IdentityRecords } from './identity-record-collector.js';
import { readRecordsInParallel } from './identity-parallel-read.js';

export type { IdentityRecords } from './identity-record-collector.js';

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

export interface ReadIdentityRecordsOptions {
  readonly filter?: IdentityRecordFilter;
  readonly onProgress?: (records: number) => void;
  /**
   * Read every record on two threads (a worker thread parses half of each
   * table, in the same snapshot). Default: when reading all records of a
   * PostgreSQL database holding at least PARALLEL_MIN_RECORDS of them.
   */
  readonly parallel?: boolean;
}

/** One COPY query per source (its branches joined by union all) and the identifier type of each identifier column. */
export interface SourceQuery {
  readonly source: IdentityRecordSource;
  /** The select of every record with its map row, without a WHERE clause. */
  readonly select: string;
  /** The disjoint branches the filter selects, each a whole select. */
  readonly branches: readonly string[];
  readonly types: readonly number[];
}

/** A branch of a filter: its WHERE clause (with its leading space), and whether it finds map rows first and looks the records up. */
interface FilterBranch {
  readonly condition: string;
  readonly fromMap: boolean;
}

/** Below this many records (by the planner's estimate) one thread reads faster than two start. */
const PARALLEL_MIN_RECORDS = 500_000;

/**
 * Reads identity records of the configured sources with COPY, one pass per
 * source, into the columnar input of the resolver, with the profile id and
 * candidate component each record has in the persisted map. Rows are parsed
 * straight from the COPY text and values interned as they are parsed (no
 * string per occurrence): at millions of records the garbage of a generic
 * decoder cost more than the resolution itself.
 */
export async function readIdentityRecords(
  database: SegflowDatabase,
  compiled: CompiledIdentityRules,
  options: ReadIdentityRecordsOptions = {},
): Promise<IdentityRecords> {
  const filter = options.filter ?? { kind: 'all' };
  const queries = sourceQueries(compiled, filter);
  const expectedRecords = filter.kind === 'all' && database.kind === 'postgres' ? await estimatedRecords(database, queries) : 0;
  const parallel = options.parallel ?? expectedRecords >= PARALLEL_MIN_RECORDS;
  if (parallel) {
    if (filter.kind !== 'all' || database.connectionString === null) {
      throw new IdentitySourceError('parallel reading needs a PostgreSQL connection string and reads all records');
    }
    return readRecordsInParallel(database.connectionString, compiled, queries, expectedRecords, options.onProgress);
  }
  const collector = new IdentityRecordCollector(compiled, expectedRecords);
  for (const query of queries) {
    const text = query.branches.join(' union all ');
    for await (const chunk of database.copyOutBytes(text)) {
      collector.parse(chunk, query.types);
      options.onProgress?.(collector.recordCount);
    }
  }
  return collector.finish();
}

/** The COPY queries of the rules' sources (those the filter can select anything from). */
export function sourceQueries(compiled: CompiledIdentityRules, filter: IdentityRecordFilter): SourceQuery[] {
  const branches = filterBranches(filter);
  if (branches.length === 0) return [];
  return Object.entries(compiled.rules.sources).map(([source, columnTypes]) => {
    const recordSource = checkedSource(source);
    const keyColumn = identityRecordKeys[recordSource];
    const columns = Object.keys(columnTypes);
    const known: readonly string[] = sourceTables[recordSource];
    for (const column of columns) {
      if (!known.includes(column)) throw new IdentitySourceError(`identity rules name column ${source}.${column}, which does not exist`);
    }
    // The key comes whole from the database: one string per record, not an id and a concatenation.
    // The join compares in the map's "C" collation, so the map's key serves lookups from the source;
    // a branch that starts from the map compares in the source key's collation, so its key serves.
    const selectJoined = (keyCollation: string): string =>
      `select ${quoteLiteral(`${source}:`)} || s.${keyColumn}, m.profile_id, m.candidate_id, s.ingest_seq, ${columns.map((column) => `s.${column}`).join(', ')} ` +
      `from sources.${source} s left join segflow.identity_map m ` +
      `on m.source = ${quoteLiteral(source)} and m.record_id = s.${keyColumn}${keyCollation}`;
    const select = selectJoined('');
    return {
      source: recordSource,
      select,
      branches: branches.map((branch) => (branch.fromMap ? selectJoined(' collate "default"') : select) + branch.condition),
      types: columns.map((column) => identifierTypeIndex(compiled, columnTypes[column])),
    };
  });
}

async function estimatedRecords(database: SegflowDatabase, queries: readonly SourceQuery[]): Promise<number> {
  if (queries.length === 0) return 0;
  const tables = queries.map((query) => `sources.${query.source}`);
  const { rows } = await sql<{ records: number }>`
    select coalesce(sum(greatest(reltuples, 0)), 0)::float8 as records from pg_class where oid = any(${tables}::regclass[])`.execute(database.db);
  return Number(rows[0].records);
}

function checkedSource(source: string): IdentityRecordSource {
  if (!(source in identityRecordKeys)) {
    throw new IdentitySourceError(`identity rules name source '${source}', which is not an identity record table (${Object.keys(identityRecordKeys).join(', ')})`);
  }
  return source as IdentityRecordSource;
}

/** The disjoint branches of the query; none when the filter selects nothing. */
function filterBranches(filter: IdentityRecordFilter): FilterBranch[] {
  const changed = (watermark: number): FilterBranch => ({ condition: ` where s.ingest_seq > ${Math.floor(watermark)}`, fromMap: false });
  const inCandidates = (candidateIds: readonly number[], extra = ''): FilterBranch => ({
    condition: ` where ${inCandidateComponents('m', candidateIds)}${extra}`,
    fromMap: true,
  });
  switch (filter.kind) {
    case 'all':
      return [{ condition: '', fromMap: false }];
    case 'changedSince':
      return [changed(filter.watermark)];
    case 'candidates':
      return filter.candidateIds.length === 0 ? [] : [inCandidates(filter.candidateIds)];
    case 'changedSinceOrCandidates': {
      const branches = [changed(filter.watermark)];
      if (filter.candidateIds.length > 0) branches.push(inCandidates(filter.candidateIds, ` and s.ingest_seq <= ${Math.floor(filter.watermark)}`));
      return branches;
    }
  }
}
