import { once } from 'node:events';
import type { Server } from 'node:http';
import type { Express } from 'express';

/** Serves the app on a free loopback port; returns the server and its base URL. */
export async function listen(app: Express): Promise<{ server: Server; base: string }> {
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  return { server, base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}
