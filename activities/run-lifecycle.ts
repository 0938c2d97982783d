import type { SegflowDatabase } from '../db/open-database.js';

/** Marks a run as started; repeated calls (retries) are harmless. */
export async function markRunRunning(database: SegflowDatabase, runId: string): Promise<void> {
  await database.db
    .updateTable('segflow.runs')
    .set({ status: 'running' })
    .where('run_id', '=', runId)
    .where('status', '=', 'pending')
    .execute();
}

export async function markRunFinished(
  database: SegflowDatabase,
  runId: string,
  outcome: { status: 'completed' } | { status: 'failed'; error: string },
): Promise<void> {
  await database.db
    .updateTable('segflow.runs')
    .set({
      status: outcome.status,
      error: outcome.status === 'failed' ? outcome.error : null,
      finished_at: new Date(),
    })
    .where('run_id', '=', runId)
    .execute();
}
