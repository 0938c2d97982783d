import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { clusterCsv, csvClusteringOptions, parseCsvClusteringArgs, writeLabelsCsv } from '../csv-clustering.js';
import { formatTable, log } from '../terminal.js';

export const clusterUsage = `segflow cluster --input FILE.csv --k N|auto [--seed S] [--algorithm kmeans|bisecting] [--id COLUMN]
                [--weights col=3,...] [--scaler minmax|zscore|robust|none] [--out DIR] [--json]
  Clusters the numeric columns of a CSV file (header row, id column first or --id) and writes
  DIR/labels.csv (id,segment). --k auto evaluates k = 2..15 and picks one (knee of the inertia
  curve, checked against the silhouette of its neighbours). DIR defaults to the input's folder.`;

export async function runClusterCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { ...csvClusteringOptions, json: { type: 'boolean', default: false } },
    strict: true,
  });
  const args = parseCsvClusteringArgs(values);
  const { table, matrix, k, kReport: report, fit } = await clusterCsv(args);
  const { algorithm } = args;
  const iterations = 'iterations' in fit ? fit.iterations : null;

  const directory = resolve(values.out ?? dirname(args.input));
  await mkdir(directory, { recursive: true });
  const labelsPath = await writeLabelsCsv(directory, table.ids, fit.labels);

  const summary = { labels: labelsPath, algorithm, k, rows: matrix.rows, inertia: fit.inertia, iterations, sizes: Array.from(fit.sizes), kReport: report };
  if (values.json) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return 0;
  }
  if (report !== null) {
    const rows = report.evaluations.map((e) => [String(e.k), e.inertia.toFixed(1), e.silhouette.toFixed(3), e.calinskiHarabasz.toFixed(1), e.daviesBouldin.toFixed(3)]);
    log(formatTable(['k', 'inertia', 'silhouette', 'calinski-harabasz', 'davies-bouldin'], rows));
    log(`chose k=${report.chosenK}: ${report.reason}`);
  }
  log(`${algorithm} k=${k} on ${matrix.rows} rows: inertia ${fit.inertia.toFixed(3)}${iterations === null ? '' : `, ${iterations} iterations`}, sizes ${summary.sizes.join(' ')}`);
  log(`labels written to ${labelsPath}`);
  return 0;
}
