import { randomUUID } from 'node:crypto';
import { Client, Connection, type WorkflowExecutionDescription } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { StepProgress } from '../activities/activity-progress.js';
import type { SegflowDatabase } from '../db/open-database.js';
import { findConfig } from '../db/repositories/config-repository.js';
import { NotFoundError } from '../db/repositories/run-repository.js';
import type { RunStatus } from '../db/database-schema.js';
import {
  progressQuery,
  segmentationRun,
  type RunProgress,
  type SegmentationRunSummary,
} from '../workflows/segmentation-run.js';

export interface RunStatusView {
  runId: string;
  configId: string;
  workflowId: string;
  status: RunStatus;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  /** Live progress from the workflow; null when it cannot be asked (no worker running yet). */
  progress: RunProgress | null;
  /** The step running now, with its last heartbeat (percent within the step) and attempt number. */
  activity: RunningActivity | null;
}

export interface RunningActivity {
  name: string;
  attempt: number;
  heartbeat: StepProgress | null;
}

/** Starts segmentation runs on Temporal and reports on them; shared by the API and the CLI. */
export interface RunService {
  startRun(configId: string): Promise<{ runId: string; workflowId: string }>;
  getRun(runId: string): Promise<RunStatusView>;
  waitForRun(runId: string): Promise<SegmentationRunSummary>;
  close(): Promise<void>;
}

export async function createRunService(options: {
  database: SegflowDatabase;
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  heartbeatTimeoutSeconds: number;
}): Promise<RunService> {
  const { database } = options;
  const connection = await Connection.connect({ address: options.temporalAddress });
  const client = new Client({ connection, namespace: options.namespace });

  return {
    async startRun(configId) {
      await findConfig(database, configId);
      const runId = randomUUID();
      const workflowId = `segflow-run-${runId}`;
      await database.db.insertInto('segflow.runs').values({ run_id: runId, config_id: configId, workflow_id: workflowId }).execute();
      try {
        await client.workflow.start(segmentationRun, {
          taskQueue: options.taskQueue,
          workflowId,
          args: [{ runId, heartbeatTimeoutSeconds: options.heartbeatTimeoutSeconds }],
        });
      } catch (error) {
        await database.db
          .updateTable('segflow.runs')
          .set({ status: 'failed', error: `could not start the workflow: ${String(error)}`, finished_at: new Date() })
          .where('run_id', '=', runId)
          .execute();
        throw error;
      }
      return { runId, workflowId };
    },

    async getRun(runId) {
      const row = await database.db.selectFrom('segflow.runs').selectAll().where('run_id', '=', runId).executeTakeFirst();
      if (!row) throw new NotFoundError(`run ${runId} does not exist`);
      let progress: RunProgress | null = null;
      let activity: RunningActivity | null = null;
      if (row.status === 'running' || row.status === 'pending') {
        const handle = client.workflow.getHandle(row.workflow_id);
        try {
          progress = await handle.query(progressQuery);
          activity = pendingActivity(await handle.describe());
        } catch {
          // No worker polling to answer the query right now: the database row still tells the status.
        }
      }
      return {
        runId: row.run_id,
        configId: row.config_id,
        workflowId: row.workflow_id,
        status: row.status,
        error: row.error,
        createdAt: new Date(row.created_at).toISOString(),
        finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
        progress,
        activity,
      };
    },

    async waitForRun(runId) {
      const row = await database.db.selectFrom('segflow.runs').select('workflow_id').where('run_id', '=', runId).executeTakeFirst();
      if (!row) throw new NotFoundError(`run ${runId} does not exist`);
      return client.workflow.getHandle<typeof segmentationRun>(row.workflow_id).result();
    },

    async close() {
      await connection.close();
    },
  };
}

function pendingActivity(description: WorkflowExecutionDescription): RunningActivity | null {
  const pending = description.raw.pendingActivities?.find((activity) => activity.activityType?.name);
  if (!pending) return null;
  const payload = pending.heartbeatDetails?.payloads?.[0];
  return {
    name: pending.activityType!.name!,
    attempt: pending.attempt ?? 1,
    heartbeat: payload ? defaultPayloadConverter.fromPayload<StepProgress>(payload) : null,
  };
}
