import { ZodError } from 'zod';
import { benchUsage, runBenchCommand } from './commands/bench.js';
import { clusterUsage, runClusterCommand } from './commands/cluster.js';
import { demoUsage, runDemoCommand } from './commands/demo.js';
import { explainUsage, runExplainCommand } from './commands/explain.js';
import { generateUsage, runGenerateCommand } from './commands/generate.js';
import { identityUsage, runIdentityCommand } from './commands/identity.js';
import { runRunCommand, runUsage } from './commands/run.js';
import { runScoreCommand, scoreUsage } from './commands/score.js';
import { runServeCommand, serveUsage } from './commands/serve.js';
import { runSetupTemporalCommand, setupTemporalUsage } from './commands/setup-temporal.js';
import { runWorkerCommand, workerUsage } from './commands/worker.js';
import { installSignalHandlers } from './signals.js';
import { UsageError } from './usage-error.js';

interface Command {
  usage: string;
  run: (argv: string[]) => Promise<number>;
}

const commands: Record<string, Command> = {
  demo: { usage: demoUsage, run: runDemoCommand },
  generate: { usage: generateUsage, run: runGenerateCommand },
  run: { usage: runUsage, run: runRunCommand },
  serve: { usage: serveUsage, run: runServeCommand },
  worker: { usage: workerUsage, run: runWorkerCommand },
  'setup-temporal': { usage: setupTemporalUsage, run: runSetupTemporalCommand },
  cluster: { usage: clusterUsage, run: runClusterCommand },
  score: { usage: scoreUsage, run: runScoreCommand },
  explain: { usage: explainUsage, run: runExplainCommand },
  identity: { usage: identityUsage, run: runIdentityCommand },
  bench: { usage: benchUsage, run: runBenchCommand },
};

function usage(): string {
  return `usage: segflow <command> [options]\n\n${Object.values(commands)
    .map((command) => command.usage)
    .join('\n\n')}\n`;
}

/** Runs one CLI command and returns the process exit code; errors become one readable line. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`segflow: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.usage}\n`);
    return 0;
  }
  installSignalHandlers();
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      process.stderr.write(`segflow ${name}: ${(error as Error).message}\n\n${command.usage}\n`);
      return 2;
    }
    if (error instanceof ZodError) {
      process.stderr.write(`segflow ${name}: ${error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}\n`);
      return 1;
    }
    process.stderr.write(`segflow ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.SEGFLOW_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return 1;
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof TypeError && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}
