import type { SegflowDatabase } from '../db/open-database.js';
import { refreshIdentities, type RefreshIdentitiesResult } from '../db/repositories/identity-refresh.js';
import { heartbeat, withHeartbeats, type StepProgress } from './activity-progress.js';
import { runStepOnce } from './run-step.js';

export type ResolveIdentitiesResult = RefreshIdentitiesResult;

const STEP = 'resolveIdentities';

/**
 * The identity step of a run: refreshes the persisted identity map with the
 * global rules, incrementally when a watermark exists and the rules did not
 * change, in full otherwise (db/repositories/identity-refresh.ts).
 */
export async function resolveIdentities(database: SegflowDatabase, runId: string): Promise<ResolveIdentitiesResult> {
  // Heartbeats keep going with the latest progress while the refresh waits on long statements (index builds, the swap).
  const current: StepProgress = { step: STEP, percent: 0, message: 'starting' };
  return runStepOnce(database, runId, STEP, () =>
    withHeartbeats(current, () =>
      refreshIdentities(database, {
        runId,
        mode: 'incremental',
        onProgress: ({ percent, message }) => {
          current.percent = percent;
          current.message = message;
          heartbeat(current);
        },
      }),
    ),
  );
}
