import { ApplicationFailure, defineQuery, proxyActivities, setHandler } from '@temporalio/workflow';
import type { SegflowActivities } from '../activities/create-activities.js';

export interface SegmentationRunInput {
  runId: string;
  /** How long a step may go without a heartbeat before Temporal retries it on another worker. */
  heartbeatTimeoutSeconds?: number;
}

/** The pipeline, in order. Each step is one activity that reads and writes Postgres, keyed by run id. */
export const pipelineSteps = [
  'resolveIdentities',
  'buildFeatures',
  'scaleFeatures',
  'clusterProfiles',
  'computeReports',
  'publishAudience',
] as const;
export type PipelineStep = (typeof pipelineSteps)[number];

/** Rough share of a run's time per step, for the overall percentage. */
const stepWeights: Record<PipelineStep, number> = {
  resolveIdentities: 25,
  buildFeatures: 20,
  scaleFeatures: 10,
  clusterProfiles: 25,
  computeReports: 15,
  publishAudience: 5,
};

export interface RunProgress {
  runId: string;
  status: 'running' | 'completed' | 'failed';
  step: PipelineStep | null;
  stepIndex: number;
  totalSteps: number;
  percent: number;
  /** Figures reported by finished steps (profiles, features, segments, version...). */
  counts: Record<string, number>;
  error: string | null;
}

export interface SegmentationRunSummary {
  runId: string;
  audienceId: string;
  version: number;
  profiles: number;
  segments: number;
}

export const progressQuery = defineQuery<RunProgress>('progress');

export async function segmentationRun(input: SegmentationRunInput): Promise<SegmentationRunSummary> {
  const { runId } = input;
  const steps = proxyActivities<SegflowActivities>({
    startToCloseTimeout: '4 hours',
    heartbeatTimeout: `${input.heartbeatTimeoutSeconds ?? 120} seconds`,
    retry: {
      initialInterval: '1 second',
      backoffCoefficient: 2,
      maximumInterval: '1 minute',
      maximumAttempts: 10,
      nonRetryableErrorTypes: ['NotFoundError', 'FeatureCompileError', 'NotEnoughProfiles', 'ZodError'],
    },
  });
  const lifecycle = proxyActivities<SegflowActivities>({
    startToCloseTimeout: '1 minute',
    retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 50 },
  });

  const progress: RunProgress = {
    runId,
    status: 'running',
    step: null,
    stepIndex: 0,
    totalSteps: pipelineSteps.length,
    percent: 0,
    counts: {},
    error: null,
  };
  setHandler(progressQuery, () => progress);

  await lifecycle.markRunRunning(runId);
  try {
    const start = (step: PipelineStep): void => {
      progress.step = step;
      progress.stepIndex = pipelineSteps.indexOf(step);
    };
    const finish = (step: PipelineStep, counts: Record<string, number>): void => {
      let done = 0;
      for (const name of pipelineSteps.slice(0, pipelineSteps.indexOf(step) + 1)) done += stepWeights[name];
      progress.percent = done;
      Object.assign(progress.counts, counts);
    };

    start('resolveIdentities');
    const identities = await steps.resolveIdentities(runId);
    finish('resolveIdentities', { records: identities.records, profiles: identities.profiles });

    start('buildFeatures');
    const features = await steps.buildFeatures(runId);
    finish('buildFeatures', { features: features.featureNames.length });

    start('scaleFeatures');
    await steps.scaleFeatures(runId);
    finish('scaleFeatures', {});

    start('clusterProfiles');
    const clusters = await steps.clusterProfiles(runId);
    finish('clusterProfiles', { segments: clusters.k, iterations: clusters.iterations });

    start('computeReports');
    await steps.computeReports(runId);
    finish('computeReports', {});

    start('publishAudience');
    const published = await steps.publishAudience(runId);
    finish('publishAudience', { version: published.version, publishedProfiles: published.profiles });

    await lifecycle.markRunFinished(runId, { status: 'completed' });
    progress.status = 'completed';
    progress.step = null;
    return {
      runId,
      audienceId: published.audienceId,
      version: published.version,
      profiles: published.profiles,
      segments: published.segments,
    };
  } catch (error) {
    const message = describeFailure(error);
    progress.status = 'failed';
    progress.error = message;
    await lifecycle.markRunFinished(runId, { status: 'failed', error: message });
    throw ApplicationFailure.nonRetryable(message, 'SegmentationRunFailed');
  }
}

/** The innermost message of an activity failure: what actually went wrong. */
function describeFailure(error: unknown): string {
  let current: unknown = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(error);
}
