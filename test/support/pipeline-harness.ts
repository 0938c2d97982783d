import { sql } from 'kysely';
import type { SegflowDatabase } from '../../db/open-database.js';
import { saveConfig } from '../../db/repositories/config-repository.js';
import { loadGeneratedSources } from '../../db/repositories/source-loader.js';
import { createRunService, type RunService } from '../../runtime/run-service.js';
import { startSegflowWorker, type RunningWorker } from '../../runtime/segflow-worker.js';
import { segmentationConfigSchema, type SegmentationConfigInput } from '../../schemas/segmentation-config.js';
import { temporalAddress, uniqueTaskQueue } from './temporal.js';

export interface PipelineHarness {
  readonly taskQueue: string;
  readonly runs: RunService;
  startWorker(): Promise<RunningWorker>;
  close(): Promise<void>;
}

/** A run service on the real Temporal server with a task queue of its own; workers are started on demand. */
export async function createPipelineHarness(
  database: SegflowDatabase,
  options: { heartbeatTimeoutSeconds?: number } = {},
): Promise<PipelineHarness> {
  const taskQueue = uniqueTaskQueue('segflow-test');
  const address = temporalAddress();
  const runs = await createRunService({
    database,
    temporalAddress: address,
    namespace: 'default',
    taskQueue,
    heartbeatTimeoutSeconds: options.heartbeatTimeoutSeconds ?? 30,
  });
  const workers: RunningWorker[] = [];
  return {
    taskQueue,
    runs,
    async startWorker() {
      const worker = await startSegflowWorker({ address, namespace: 'default', taskQueue, database });
      workers.push(worker);
      return worker;
    },
    async close() {
      for (const worker of workers) await worker.stop();
      await runs.close();
    },
  };
}

export const referenceDate = new Date('2026-11-01T00:00:00Z');

export async function generatePeople(database: SegflowDatabase, people: number, seed = 11): Promise<void> {
  await loadGeneratedSources(database, { people, seed, now: referenceDate });
}

export async function saveTestConfig(
  database: SegflowDatabase,
  configId: string,
  overrides: Partial<SegmentationConfigInput> = {},
): Promise<void> {
  await saveConfig(database, configId, segmentationConfigSchema.parse({ name: `test ${configId}`, k: 4, seed: 3, ...overrides }));
}

export interface Member {
  profile_id: number;
  segment_id: string;
}

export async function audienceMembers(database: SegflowDatabase, audienceId: string, version: number): Promise<Member[]> {
  const { rows } = await sql<Member>`
    select profile_id, segment_id from activation.audience_members
    where audience_id = ${audienceId} and version = ${version}
    order by profile_id`.execute(database.db);
  return rows.map((row) => ({ profile_id: Number(row.profile_id), segment_id: row.segment_id }));
}

export async function profileCount(database: SegflowDatabase): Promise<number> {
  const { rows } = await sql<{ count: number }>`select count(distinct profile_id)::int as count from segflow.identity_map`.execute(database.db);
  return rows[0].count;
}
