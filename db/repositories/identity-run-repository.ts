import type { QualityReport } from '../../core/identity/quality-report.js';
import type { SegflowDatabase } from '../open-database.js';
import { NotFoundError } from './run-repository.js';

export interface StoredIdentityRun {
  runId: string;
  mode: 'full' | 'incremental';
  watermark: number | null;
  rulesVersion: number;
  /** Counts of the refresh (resolved and changed records, why it ran in full). */
  summary: unknown;
  quality: QualityReport;
  createdAt: string;
}

/** The identity refresh of a run (or of the newest refresh when runId is omitted), with its quality report. */
export async function findIdentityRun(database: SegflowDatabase, runId?: string): Promise<StoredIdentityRun> {
  let query = database.db.selectFrom('segflow.identity_runs').selectAll();
  query = runId === undefined ? query.orderBy('created_at', 'desc').limit(1) : query.where('run_id', '=', runId);
  const row = await query.executeTakeFirst();
  if (!row) {
    throw new NotFoundError(runId === undefined ? 'no identity refresh has run yet' : `run ${runId} has no identity refresh (it does not exist or has not reached that step)`);
  }
  return {
    runId: row.run_id,
    mode: row.mode,
    watermark: row.watermark === null ? null : Number(row.watermark),
    rulesVersion: row.rules_version,
    summary: row.summary,
    quality: row.quality as QualityReport,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
