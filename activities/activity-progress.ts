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
