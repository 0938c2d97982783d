import { loadavg } from 'node:os';
import { sql } from 'kysely';
import pg from 'pg';
import { compileIdentityRules } from '../core/identity/compile-identity-rules.js';
import { parseIdentityRules } from '../core/identity/identity-rules.js';
import { migrateToLatest } from '../db/migrate.js';
import { openDatabase, type SegflowDatabase } from '../db/open-database.js';
import { evaluateIdentityMap } from '../db/repositories/identity-evaluation.js';
import { refreshIdentities } from '../db/repositories/identity-refresh.js';
import { storedRules } from '../db/repositories/identity-rules-repository.js';
import { loadGeneratedSources } from '../db/repositories/source-loader.js';

export interface IdentityBenchOptions {
  readonly people: number;
  readonly seed: number;
  readonly log: (line: string) => void;
}

export class BenchSetupError extends Error {
  override readonly name = 'BenchSetupError';
}

const referenceDate = new Date('2026-11-01T00:00:00Z');

/**
 * Times a full identity refresh of generated people on a real PostgreSQL:
 * COPY every identity record out, resolve with every rule (normalizers,
 * blocked values, limits, size guard), assign stable ids, and write the map
 * and the value index back. Runs in a database of its own next to
 * DATABASE_URL's (`<name>_identity_bench`), kept between runs so the same
 * people are generated once; generation is not timed. Precision and recall
 * are measured afterwards against the generator's truth.
 */
export async function benchIdentity(options: IdentityBenchOptions): Promise<Record<string, number | string>> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    throw new BenchSetupError('segflow bench identity needs a real PostgreSQL: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres); the embedded database is too slow to say anything');
  }
  const database = await openBenchDatabase(databaseUrl);
  try {
    await generateOnce(database, options);
    // Start from an empty map: the timed refresh is a first, full resolution.
    await sql`truncate segflow.identity_map, segflow.identity_values, segflow.merge_history, segflow.identity_runs, segflow.profiles`.execute(database.db);
    // Flush what earlier runs (or the generation) left dirty, so their writes do not land inside this run's timing.
    await sql`checkpoint`.execute(database.db);
    const loadBefore = loadavg();
    const rules = storedRules(0, parseIdentityRules());
    const started = performance.now();
    const result = await refreshIdentities(database, {
      runId: `bench-${Date.now()}`,
      mode: 'full',
      rules,
      onProgress: ({ message }) => options.log(`${((performance.now() - started) / 1000).toFixed(1)} s: ${message}`),
    });
    const seconds = (performance.now() - started) / 1000;
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    const loadAfter = loadavg();
    options.log('evaluating against the planted truth (not timed)');
    const { evaluation } = await evaluateIdentityMap(database, compileIdentityRules(rules.rules));
    return {
      people: options.people,
      records: result.records,
      profiles: result.profiles,
      seconds: round(seconds),
      records_per_s: Math.round(result.records / seconds),
      peak_rss_mb: peakRssMb,
      read_s: result.timings.readSeconds,
      resolve_s: result.timings.resolveSeconds,
      assign_s: result.timings.assignSeconds,
      write_s: result.timings.writeSeconds,
      load_1m_before: round(loadBefore[0]),
      load_1m_after: round(loadAfter[0]),
      precision: round(evaluation.precision, 5),
      recall: round(evaluation.linkableRecall, 5),
      recall_overall: round(evaluation.recall, 5),
    };
  } finally {
    await database.close();
  }
}

async function openBenchDatabase(databaseUrl: string): Promise<SegflowDatabase> {
  const url = new URL(databaseUrl);
  const name = `${url.pathname.slice(1) || 'postgres'}_identity_bench`.replace(/[^a-z0-9_]/gi, '_');
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), embeddedDirectory: '' });
  await migrateToLatest(database);
  return database;
}

/** Generates the people unless the bench database already holds exactly these (marked on schema truth). */
async function generateOnce(database: SegflowDatabase, options: IdentityBenchOptions): Promise<void> {
  const marker = `identity bench: ${options.people} people, seed ${options.seed}`;
  const { rows } = await sql<{ comment: string | null }>`select obj_description('truth'::regnamespace, 'pg_namespace') as comment`.execute(database.db);
  if (rows[0]?.comment === marker) {
    options.log(`reusing the ${options.people} people generated before`);
    return;
  }
  options.log(`generating ${options.people} people (not timed)`);
  await loadGeneratedSources(database, { people: options.people, seed: options.seed, now: referenceDate });
  await sql`vacuum analyze`.execute(database.db);
  await sql.raw(`comment on schema truth is '${marker}'`).execute(database.db);
}

function round(value: number, digits = 3): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
