import { parseArgs } from 'node:util';
import { startSegflowEnvironment } from '../../runtime/segflow-environment.js';
import { loadSettings } from '../../runtime/settings.js';
import { log } from '../terminal.js';
import { waitForSignal } from '../signals.js';

export const workerUsage = `segflow worker
  Runs a Temporal worker for segflow's workflows and activities until SIGINT/SIGTERM.`;

export async function runWorkerCommand(argv: string[]): Promise<number> {
  parseArgs({ args: argv, options: {}, strict: true });
  const settings = loadSettings();
  const environment = await startSegflowEnvironment(settings, { worker: true, log });
  try {
    log(`worker polling task queue '${settings.taskQueue}' on ${environment.temporalAddress}, database ${environment.database.description}`);
    await Promise.race([waitForSignal(), environment.worker!.done]);
    return 0;
  } finally {
    await environment.close();
  }
}
