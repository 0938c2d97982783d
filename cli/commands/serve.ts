import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { createApp } from '../../server/create-app.js';
import { startSegflowEnvironment } from '../../runtime/segflow-environment.js';
import { loadSettings } from '../../runtime/settings.js';
import { log } from '../terminal.js';
import { waitForSignal } from '../signals.js';

export const serveUsage = `segflow serve [--port N] [--host H] [--no-worker]
  Serves the HTTP API (and the dashboard at /). Runs a worker in-process unless --no-worker.`;

export async function runServeCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      'no-worker': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const settings = loadSettings(values.port ? { ...process.env, PORT: values.port } : process.env);
  const environment = await startSegflowEnvironment(settings, { worker: !values['no-worker'], log });
  try {
    const app = createApp({ database: environment.database, runs: environment.runs, log });
    const server = app.listen(settings.port, values.host);
    await once(server, 'listening');
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : settings.port;
    process.stdout.write(`segflow API listening on http://${values.host}:${port}\n`);
    await waitForSignal();
    server.close();
    return 0;
  } finally {
    await environment.close();
  }
}
