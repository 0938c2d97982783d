import type { SegflowDatabase } from '../db/open-database.js';
import { findStepResult } from '../db/repositories/run-repository.js';
import { heartbeat } from './activity-progress.js';

/**
 * Runs a pipeline step at most once per run: a step whose completion marker
 * exists returns the stored result, so a retried activity (crashed worker,
 * lost connection) never writes twice. The work itself must replace, not
 * append, its run-keyed rows, because a crash can land after its writes and
 * before the marker.
 */
export async function runStepOnce<Result>(
  database: SegflowDatabase,
  runId: string,
  step: string,
  work: () => Promise<Result>,
): Promise<Result> {
  const done = await findStepResult<Result>(database, runId, step);
  if (done !== undefined) return done;
  heartbeat({ step, percent: 0, message: 'starting' });
  const result = await work();
  await database.db
    .insertInto('segflow.run_steps')
    .values({ run_id: runId, step, result: JSON.stringify(result) })
    .onConflict((conflict) => conflict.columns(['run_id', 'step']).doNothing())
    .execute();
  heartbeat({ step, percent: 100, message: 'done' });
  return result;
}
