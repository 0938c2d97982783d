import { generateSources, type GenerateOptions } from '../../../generator/generate-sources.js';
import type { SourceBatch, SourceRow } from '../../../generator/source-batch.js';
import type { SourceTableName, TruthTableName } from '../../../generator/source-tables.js';

export type TableRows = Record<SourceTableName | TruthTableName, SourceRow[]>;

/** A fixed reference date, so tests never depend on the clock. */
export const testNow = new Date('2025-06-01T12:00:00.000Z');

/** All batches of one run, in yield order. */
export function collectBatches(options: Partial<GenerateOptions> & { people: number }): SourceBatch[] {
  return [...generateSources({ seed: 42, now: testNow, ...options })];
}

/** Rows per table, concatenated in yield order. */
export function tableRows(batches: readonly SourceBatch[]): TableRows {
  const tables: Partial<TableRows> = {};
  for (const batch of batches) (tables[batch.table] ??= []).push(...batch.rows);
  for (const table of ['people', 'record_owners', 'crm_contacts', 'crm_orders', 'web_sessions', 'web_pageviews', 'product_users', 'product_events'] as const) {
    tables[table] ??= [];
  }
  return tables as TableRows;
}

/** record_id -> person_id for one source table, from truth.record_owners. */
export function ownersOf(tables: TableRows, source: SourceTableName): Map<string, number> {
  const owners = new Map<string, number>();
  for (const [ownerSource, recordId, personId] of tables.record_owners) {
    if (ownerSource === source) owners.set(recordId as string, personId as number);
  }
  return owners;
}

/** How the identity graph would compare emails: trimmed and lowercased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
