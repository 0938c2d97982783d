import type { RunningActivity, RunService } from '../runtime/run-service.js';
import type { RunProgress, SegmentationRunSummary } from '../workflows/segmentation-run.js';
import { bar, endProgress, log, progress } from './terminal.js';

/** Shows a run's progress until it finishes; returns its summary or throws its error. */
export async function followRun(runs: RunService, runId: string): Promise<SegmentationRunSummary> {
  const started = Date.now();
  let finished = false;
  const result = runs.waitForRun(runId).finally(() => {
    finished = true;
  });
  let lastStep = '';
  let stepStarted = Date.now();
  while (!finished) {
    const status = await runs.getRun(runId).catch(() => undefined);
    // Before the workflow answers its first query there is no step to show.
    const step = status?.progress?.step;
    if (status?.progress && step) {
      if (step !== lastStep) {
        if (lastStep) log(`  ${lastStep} done in ${((Date.now() - stepStarted) / 1000).toFixed(1)} s`);
        lastStep = step;
        stepStarted = Date.now();
      }
      progress(describe(status.progress, status.activity, started));
    } else if (status) {
      progress(`run ${status.status}, waiting for a worker to report (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
    await Promise.race([result.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 400))]);
  }
  endProgress();
  const summary = await result;
  if (lastStep) log(`  ${lastStep} done in ${((Date.now() - stepStarted) / 1000).toFixed(1)} s`);
  log(`run ${runId} completed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return summary;
}

function describe(progressView: RunProgress, activity: RunningActivity | null, started: number): string {
  const elapsed = `${((Date.now() - started) / 1000).toFixed(0)} s`;
  const heartbeat = activity?.heartbeat;
  const retry = activity && activity.attempt > 1 ? ` [attempt ${activity.attempt}]` : '';
  const within = heartbeat ? `: ${heartbeat.message}` : '';
  return `${bar(progressView.percent)} step ${progressView.stepIndex + 1}/${progressView.totalSteps} ${progressView.step}${within}${retry} (${elapsed})`;
}
