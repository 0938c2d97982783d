import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';

/**
 * Everything segflow reads from the environment, validated once. Unset
 * DATABASE_URL means the embedded PostgreSQL; unset TEMPORAL_ADDRESS means a
 * local Temporal dev server started as a child process.
 */
const environmentSchema = z.object({
  DATABASE_URL: z.string().url('DATABASE_URL must be a postgres:// connection string').optional(),
  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_CLI_PATH: z.string().min(1).optional(),
  SEGFLOW_TASK_QUEUE: z.string().min(1).default('segflow'),
  SEGFLOW_DATA_DIR: z.string().min(1).default('.data'),
  SEGFLOW_CACHE_DIR: z.string().min(1).optional(),
  SEGFLOW_HEARTBEAT_TIMEOUT_SECONDS: z.coerce.number().int().min(2).max(3600).default(120),
  SEGFLOW_PARALLEL_READS: z.enum(['true', 'false'], { message: "SEGFLOW_PARALLEL_READS must be 'true' or 'false'" }).default('true'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  XDG_CACHE_HOME: z.string().min(1).optional(),
});

export interface Settings {
  databaseUrl: string | undefined;
  temporalAddress: string | undefined;
  temporalNamespace: string;
  temporalCliPath: string | undefined;
  taskQueue: string;
  /** Embedded database and the local Temporal server's SQLite file live here. */
  dataDirectory: string;
  embeddedDatabaseDirectory: string;
  /** Outside the clone, so a fresh clone reuses the Temporal CLI built once. */
  cacheDirectory: string;
  heartbeatTimeoutSeconds: number;
  /** Whether large reads may open a second connection in a worker thread (off behind a pooler in transaction mode, which cannot share a snapshot). */
  parallelReads: boolean;
  port: number;
}

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

export function loadSettings(environment: NodeJS.ProcessEnv = process.env): Settings {
  // An empty variable (`TEMPORAL_ADDRESS= segflow demo`) means unset, as in most tools.
  const present = Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== ''));
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SettingsError(`environment variable ${String(issue.path[0])}: ${issue.message}`);
  }
  const env = parsed.data;
  const dataDirectory = resolve(env.SEGFLOW_DATA_DIR);
  return {
    databaseUrl: env.DATABASE_URL,
    temporalAddress: env.TEMPORAL_ADDRESS,
    temporalNamespace: env.TEMPORAL_NAMESPACE,
    temporalCliPath: env.TEMPORAL_CLI_PATH,
    taskQueue: env.SEGFLOW_TASK_QUEUE,
    dataDirectory,
    embeddedDatabaseDirectory: join(dataDirectory, 'pglite'),
    cacheDirectory: resolve(env.SEGFLOW_CACHE_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'segflow')),
    heartbeatTimeoutSeconds: env.SEGFLOW_HEARTBEAT_TIMEOUT_SECONDS,
    parallelReads: env.SEGFLOW_PARALLEL_READS === 'true',
    port: env.PORT,
  };
}
