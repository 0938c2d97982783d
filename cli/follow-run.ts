import type { RunService, RunStatusView } from '../runtime/run-service.js';
import type { SegmentationRunSummary } from '../workflows/segmentation-run.js';
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
    if (status) {
      const step = status.progress?.step ?? status.status;
      if (step !== lastStep) {
        if (lastStep) log(`  ${lastStep} done in ${((Date.now() - stepStarted) / 1000).toFixed(1)} s`);
        lastStep = step;
        stepStarted = Date.now();
      }
      progress(describe(status, started));
    }
    await Promise.race([result.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 400))]);
  }
  endProgress();
  const summary = await result;
  if (lastStep) log(`  ${lastStep} done in ${((Date.now() - stepStarted) / 1000).toFixed(1)} s`);
  log(`run ${runId} completed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return summary;
}

function describe(status: RunStatusView, started: number): string {
  const elapsed = `${((Date.now() - started) / 1000).toFixed(0)} s`;
  const progressView = status.progress;
  if (!progressView?.step) return `run ${status.status} (${elapsed})`;
  const heartbeat = status.activity?.heartbeat;
  const retry = status.activity && status.activity.attempt > 1 ? ` [attempt ${status.activity.attempt}]` : '';
  const within = heartbeat ? `: ${heartbeat.message}` : '';
  return `${bar(progressView.percent)} step ${progressView.stepIndex + 1}/${progressView.totalSteps} ${progressView.step}${within}${retry} (${elapsed})`;
}
