import { parseArgs } from 'node:util';
import { benchCluster } from '../../bench/cluster-bench.js';
import { benchIdentity } from '../../bench/identity-bench.js';
import { benchReports } from '../../bench/reports-bench.js';
import { log } from '../terminal.js';
import { parseCount } from '../parse-options.js';
import { UsageError } from '../usage-error.js';

export const benchUsage = `segflow bench cluster [--rows N] [--dims D] [--k K] [--seed S] [--json]
segflow bench reports [--rows N] [--dims D] [--k K] [--seed S] [--json]
segflow bench identity [--people N] [--seed S] [--json]
  Benchmarks on seeded synthetic data. With --json the last line is one JSON object of figures.
  identity needs DATABASE_URL: it generates N people (default 1000000, once, not timed) into a
  database of its own next to that one and times a full identity refresh from and back to PostgreSQL.`;

interface BenchOptions {
  rows: number;
  dims: number;
  k: number;
  seed: number;
  people: number;
}

const benches: Record<string, (options: BenchOptions) => Promise<Record<string, unknown>>> = {
  cluster: benchCluster,
  reports: benchReports,
  identity: (options) => benchIdentity({ people: options.people, seed: options.seed, log }),
};

export async function runBenchCommand(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const bench = name ? benches[name] : undefined;
  if (!bench) throw new UsageError(`name a benchmark: ${Object.keys(benches).join(', ')}`);
  const { values } = parseArgs({
    args: rest,
    options: {
      rows: { type: 'string', default: '1000000' },
      dims: { type: 'string', default: '22' },
      k: { type: 'string', default: '8' },
      seed: { type: 'string', default: '1' },
      people: { type: 'string', default: '1000000' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const options = {
    rows: parseCount('--rows', values.rows!),
    dims: parseCount('--dims', values.dims!),
    k: parseCount('--k', values.k!),
    seed: parseCount('--seed', values.seed!),
    people: parseCount('--people', values.people!),
  };
  log(
    name === 'identity'
      ? `bench identity: ${options.people} people, seed ${options.seed}`
      : `bench ${name}: ${options.rows} rows x ${options.dims} dims, k=${options.k}, seed ${options.seed}`,
  );
  const figures = await bench(options);
  if (values.json) process.stdout.write(`${JSON.stringify(figures)}\n`);
  else for (const [key, value] of Object.entries(figures)) process.stdout.write(`${key.padEnd(22)} ${String(value)}\n`);
  return 0;
}
