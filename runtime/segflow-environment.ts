import { join } from 'node:path';
import { openDatabase, assertDatabaseReachable, type SegflowDatabase } from '../db/open-database.js';
import { migrateToLatest } from '../db/migrate.js';
import { startLocalTemporalServer, type LocalTemporalServer } from './local-temporal-server.js';
import { createRunService, type RunService } from './run-service.js';
import { startSegflowWorker, type RunningWorker } from './segflow-worker.js';
import type { Settings } from './settings.js';

/** A database, a Temporal server (given or started here), optionally a worker, and the run service. */
export interface SegflowEnvironment {
  readonly settings: Settings;
  readonly database: SegflowDatabase;
  readonly temporalAddress: string;
  /** Set when this process started the Temporal dev server. */
  readonly temporalUiUrl: string | undefined;
  readonly runs: RunService;
  readonly worker: RunningWorker | undefined;
  close(): Promise<void>;
}

export async function openDatabaseFromSettings(settings: Settings): Promise<SegflowDatabase> {
  const database = await openDatabase({
    databaseUrl: settings.databaseUrl,
    embeddedDirectory: settings.embeddedDatabaseDirectory,
    parallelReads: settings.parallelReads,
  });
  try {
    await assertDatabaseReachable(database);
    await migrateToLatest(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

export async function startSegflowEnvironment(
  settings: Settings,
  options: { worker: boolean; log: (line: string) => void },
): Promise<SegflowEnvironment> {
  const cleanups: Array<() => Promise<void>> = [];
  const close = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    const database = await openDatabaseFromSettings(settings);
    cleanups.push(() => database.close());

    let temporalAddress = settings.temporalAddress;
    let server: LocalTemporalServer | undefined;
    if (!temporalAddress) {
      options.log('starting a local Temporal server (temporal server start-dev)...');
      server = await startLocalTemporalServer({
        cacheDirectory: settings.cacheDirectory,
        explicitCliPath: settings.temporalCliPath,
        databaseFile: join(settings.dataDirectory, 'temporal.sqlite'),
        log: options.log,
      });
      cleanups.push(() => server!.stop());
      temporalAddress = server.address;
    }

    let worker: RunningWorker | undefined;
    if (options.worker) {
      worker = await startSegflowWorker({
        address: temporalAddress,
        namespace: settings.temporalNamespace,
        taskQueue: settings.taskQueue,
        database,
      });
      cleanups.push(() => worker!.stop());
    }

    const runs = await createRunService({
      database,
      temporalAddress,
      namespace: settings.temporalNamespace,
      taskQueue: settings.taskQueue,
      heartbeatTimeoutSeconds: settings.heartbeatTimeoutSeconds,
    });
    cleanups.push(() => runs.close());

    return { settings, database, temporalAddress, temporalUiUrl: server?.uiUrl, runs, worker, close };
  } catch (error) {
    await close();
    throw error;
  }
}
