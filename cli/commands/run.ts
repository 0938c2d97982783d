import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { saveConfig } from '../../db/repositories/config-repository.js';
import { segmentationConfigSchema } from '../../schemas/segmentation-config.js';
import { startSegflowEnvironment } from '../../runtime/segflow-environment.js';
import { loadSettings } from '../../runtime/settings.js';
import { followRun } from '../follow-run.js';
import { printAudience } from '../print-audience.js';
import { readJsonFile } from '../read-json-file.js';
import { log } from '../terminal.js';
import { UsageError } from '../usage-error.js';

export const runUsage = `segflow run (--config FILE.json | --config-id ID) [--no-worker]
  Starts a segmentation run and follows it to the end. --config saves the JSON config
  (see README: Configuration) first. A worker runs in this process unless --no-worker
  (then \`segflow worker\` must be running somewhere).`;

export async function runRunCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' },
      'config-id': { type: 'string' },
      'no-worker': { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!values.config === !values['config-id']) throw new UsageError('give exactly one of --config FILE.json or --config-id ID');
  const spec = values.config ? await readJsonFile(values.config, 'config', (value) => segmentationConfigSchema.parse(value)) : undefined;
  const settings = loadSettings();
  const environment = await startSegflowEnvironment(settings, { worker: !values['no-worker'], log });
  try {
    const configId = spec ? (await saveConfig(environment.database, randomUUID(), spec)).configId : values['config-id']!;
    const { runId } = await environment.runs.startRun(configId);
    log(`run ${runId} started for config ${configId}`);
    const summary = await followRun(environment.runs, runId);
    await printAudience(environment.database, summary.audienceId);
    process.stdout.write(`audience id: ${summary.audienceId}\n`);
    return 0;
  } finally {
    await environment.close();
  }
}
