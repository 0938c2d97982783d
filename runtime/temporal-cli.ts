import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** CLI tags up to v1.5.1 have no replace directives in go.mod, so `go install` can build them. */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';
const GO_FALLBACK_PATHS = ['/usr/local/go/bin/go', '/usr/lib/go/bin/go'];

export class TemporalCliNotFoundError extends Error {
  override readonly name = 'TemporalCliNotFoundError';
}

export function cachedTemporalCliPath(cacheDirectory: string): string {
  return join(cacheDirectory, `temporal-cli-${TEMPORAL_CLI_VERSION}`, 'temporal');
}

/** TEMPORAL_CLI_PATH, then the cache outside the clone, then PATH. */
export function findTemporalCli(options: { explicitPath?: string; cacheDirectory: string }): string | undefined {
  if (options.explicitPath) {
    if (!isExecutable(options.explicitPath)) {
      throw new TemporalCliNotFoundError(`TEMPORAL_CLI_PATH=${options.explicitPath} is not an executable file`);
    }
    return options.explicitPath;
  }
  const cached = cachedTemporalCliPath(options.cacheDirectory);
  if (isExecutable(cached)) return cached;
  return findOnPath('temporal');
}

export function findGo(): string | undefined {
  return findOnPath('go') ?? GO_FALLBACK_PATHS.find(isExecutable);
}

/**
 * Builds the real Temporal CLI from source with `go install` into the cache.
 * Takes a few minutes the first time; later calls find the cached binary.
 */
export async function buildTemporalCli(options: {
  cacheDirectory: string;
  log: (line: string) => void;
}): Promise<string> {
  const go = findGo();
  if (!go) {
    throw new TemporalCliNotFoundError(
      'no Temporal CLI found and no Go toolchain to build one. Install Go (https://go.dev/dl) and run ' +
        '`npx segflow setup-temporal`, or install the Temporal CLI and set TEMPORAL_CLI_PATH, ' +
        'or point TEMPORAL_ADDRESS at a running Temporal server.',
    );
  }
  const target = cachedTemporalCliPath(options.cacheDirectory);
  const binDirectory = join(target, '..');
  mkdirSync(binDirectory, { recursive: true });
  options.log(`building the Temporal CLI ${TEMPORAL_CLI_VERSION} with ${go} (one time, a few minutes)...`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn(go, ['install', `${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION}`], {
      env: { ...process.env, GOBIN: binDirectory, GOFLAGS: '-mod=mod' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new TemporalCliNotFoundError(`go install ${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION} exited with ${code}`)),
    );
  });
  if (!existsSync(target)) throw new TemporalCliNotFoundError(`go install finished but ${target} does not exist`);
  options.log(`Temporal CLI ready: ${target}`);
  return target;
}

function findOnPath(command: string): string | undefined {
  for (const directory of (process.env.PATH ?? '').split(delimiter)) {
    if (!directory) continue;
    const candidate = join(directory, command);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
