import { Context } from '@temporalio/activity';

export interface StepProgress {
  step: string;
  /** 0..100 within the step. */
  percent: number;
  message: string;
}

/**
 * Heartbeats the running activity with its progress. The SDK throttles the
 * actual RPCs, so calling this often is cheap; a heartbeat is also how
 * Temporal notices a dead worker and retries the step elsewhere.
 */
export function heartbeat(progress: StepProgress): void {
  Context.current().heartbeat(progress);
}

/**
 * Keeps heartbeating while `work` runs: for long calls into pure code that
 * report no progress of their own (the event loop must get a turn now and
 * then, which the clustering engine gives it between iterations).
 */
export async function withHeartbeats<T>(progress: StepProgress, work: () => Promise<T>): Promise<T> {
  heartbeat(progress);
  const timer = setInterval(() => heartbeat(progress), 2_000);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
