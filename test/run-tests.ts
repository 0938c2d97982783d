/**
 * `npm test`: starts what the integration tests need, then runs every test
 * file with node's test runner. PostgreSQL must be reachable (SEGFLOW_TEST_DATABASE_URL,
 * default postgres://postgres@127.0.0.1:5432/postgres; each test creates and
 * drops its own database). Temporal: TEMPORAL_ADDRESS when set, otherwise a
 * local `temporal server start-dev` started here for the whole run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalTemporalServer, type LocalTemporalServer } from '../runtime/local-temporal-server.js';
import { loadSettings } from '../runtime/settings.js';

const testDirectory = fileURLToPath(new URL('.', import.meta.url));

async function main(): Promise<number> {
  const settings = loadSettings();
  let server: LocalTemporalServer | undefined;
  const scratch = mkdtempSync(join(tmpdir(), 'segflow-test-'));
  const environment: NodeJS.ProcessEnv = { ...process.env };
  try {
    if (!settings.temporalAddress) {
      server = await startLocalTemporalServer({
        cacheDirectory: settings.cacheDirectory,
        explicitCliPath: settings.temporalCliPath,
        databaseFile: join(scratch, 'temporal.sqlite'),
        port: 17233,
        log: (line) => process.stderr.write(`${line}\n`),
      });
      environment.TEMPORAL_ADDRESS = server.address;
      process.stderr.write(`tests use the Temporal dev server at ${server.address}\n`);
    }
    const files = process.argv.slice(2);
    return await new Promise<number>((resolve) => {
      const child = spawn(
        process.execPath,
        ['--test', '--test-concurrency=1', ...(files.length > 0 ? files : [join(testDirectory, 'unit'), join(testDirectory, 'integration')])],
        { stdio: 'inherit', env: environment },
      );
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  } finally {
    await server?.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

process.exitCode = await main();
