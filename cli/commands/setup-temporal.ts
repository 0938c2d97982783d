import { parseArgs } from 'node:util';
import { loadSettings } from '../../runtime/settings.js';
import { buildTemporalCli, findTemporalCli } from '../../runtime/temporal-cli.js';
import { log } from '../terminal.js';

export const setupTemporalUsage = `segflow setup-temporal
  Finds the Temporal CLI (TEMPORAL_CLI_PATH, the cache, PATH) or builds it with Go into the cache.`;

export async function runSetupTemporalCommand(argv: string[]): Promise<number> {
  parseArgs({ args: argv, options: {}, strict: true });
  const settings = loadSettings();
  const found = findTemporalCli({ explicitPath: settings.temporalCliPath, cacheDirectory: settings.cacheDirectory });
  const path = found ?? (await buildTemporalCli({ cacheDirectory: settings.cacheDirectory, log }));
  process.stdout.write(`${path}\n`);
  return 0;
}
