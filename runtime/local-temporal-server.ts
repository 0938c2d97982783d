import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { freePort } from './free-port.js';
import { buildTemporalCli, findGo, findTemporalCli } from './temporal-cli.js';

export interface LocalTemporalServer {
  readonly address: string;
  readonly uiUrl: string | undefined;
  stop(): Promise<void>;
}

export interface StartLocalTemporalOptions {
  cacheDirectory: string;
  explicitCliPath?: string;
  /** SQLite file that keeps workflow history across restarts of the dev server. */
  databaseFile: string;
  /** Preferred gRPC port (a free one is used when taken); the UI takes the next free port from port + 1000. */
  port?: number;
  healthTimeoutMs?: number;
  log: (line: string) => void;
}

export class TemporalStartError extends Error {
  override readonly name = 'TemporalStartError';
}

/**
 * Starts `temporal server start-dev` as a child process and waits until its
 * frontend answers. The SDK's own launcher gives up after a few seconds; a
 * first start with a new SQLite file can take longer, hence the generous
 * timeout. Without a CLI and without Go, falls back to the SDK's download.
 */
export async function startLocalTemporalServer(options: StartLocalTemporalOptions): Promise<LocalTemporalServer> {
  let cli = findTemporalCli({ explicitPath: options.explicitCliPath, cacheDirectory: options.cacheDirectory });
  if (!cli && findGo()) cli = await buildTemporalCli({ cacheDirectory: options.cacheDirectory, log: options.log });
  if (!cli) return startDownloadedServer(options);

  const port = await freePort(options.port ?? 7233);
  const uiPort = await freePort(port + 1000);
  mkdirSync(dirname(options.databaseFile), { recursive: true });
  const child = spawn(
    cli,
    [
      'server', 'start-dev',
      '--ip', '127.0.0.1',
      '--port', String(port),
      '--ui-port', String(uiPort),
      '--db-filename', options.databaseFile,
      '--log-level', 'error',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const stopOnExit = (): void => {
    child.kill('SIGTERM');
  };
  process.once('exit', stopOnExit);
  const address = `127.0.0.1:${port}`;
  try {
    await waitUntilHealthy(address, child, () => stderr, options.healthTimeoutMs ?? 120_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    address,
    uiUrl: `http://127.0.0.1:${uiPort}`,
    async stop() {
      process.removeListener('exit', stopOnExit);
      await stopChild(child);
    },
  };
}

async function waitUntilHealthy(
  address: string,
  child: ChildProcess,
  stderr: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: number | null | undefined;
  child.once('exit', (code) => {
    exited = code;
  });
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (exited !== undefined) {
      throw new TemporalStartError(`temporal server start-dev exited with ${exited}: ${stderr().trim()}`);
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: 2000 });
      try {
        await connection.workflowService.getSystemInfo({});
        await connection.workflowService.describeNamespace({ namespace: 'default' });
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new TemporalStartError(
    `Temporal dev server at ${address} was not healthy after ${timeoutMs / 1000} s: ${String(lastError)}`,
  );
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Last resort on a machine with internet but no Go: the SDK downloads the CLI itself. */
async function startDownloadedServer(options: StartLocalTemporalOptions): Promise<LocalTemporalServer> {
  options.log('no Temporal CLI and no Go toolchain: letting the Temporal SDK download the CLI...');
  try {
    const environment = await TestWorkflowEnvironment.createLocal({
      server: { dbFilename: options.databaseFile, ip: '127.0.0.1' },
    });
    const address = environment.connection.options.address;
    return {
      address,
      uiUrl: undefined,
      stop: () => environment.teardown(),
    };
  } catch (error) {
    throw new TemporalStartError(
      'could not start a local Temporal server: no Temporal CLI (set TEMPORAL_CLI_PATH), no Go toolchain to build one ' +
        `(install Go and run \`npx segflow setup-temporal\`), and the SDK download failed (${String(error)}). ` +
        'Or set TEMPORAL_ADDRESS to a running Temporal server.',
      { cause: error },
    );
  }
}
