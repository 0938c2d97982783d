import { fileURLToPath } from 'node:url';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../activities/create-activities.js';
import type { SegflowDatabase } from '../db/open-database.js';

export interface SegflowWorkerOptions {
  address: string;
  namespace: string;
  taskQueue: string;
  database: SegflowDatabase;
}

export interface RunningWorker {
  /** Resolves when the worker has shut down (after `stop()` or a fatal error). */
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

const workflowsPath = fileURLToPath(new URL('../workflows/index.js', import.meta.url));
let runtimeInstalled = false;

/** Starts a worker that runs segflow's workflows and activities on the task queue. */
export async function startSegflowWorker(options: SegflowWorkerOptions): Promise<RunningWorker> {
  if (!runtimeInstalled) {
    // Keep the SDK quiet unless something is wrong: the CLI prints its own progress.
    Runtime.install({
      logger: new DefaultLogger('WARN'),
      telemetryOptions: { logging: { filter: { core: 'WARN', other: 'ERROR' } } },
    });
    runtimeInstalled = true;
  }
  const connection = await NativeConnection.connect({ address: options.address });
  const worker = await Worker.create({
    connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowsPath,
    activities: createActivities(options.database),
    maxConcurrentActivityTaskExecutions: 2,
  });
  const done = worker.run().finally(() => connection.close());
  return {
    done,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}
