import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bisectingKMeans } from '../../core/clustering/bisecting-kmeans.js';
import { evaluateK } from '../../core/clustering/evaluate-k.js';
import type { ClusteringAlgorithm, KReport } from '../../core/clustering/evaluate-k.js';
import { kmeans } from '../../core/clustering/kmeans.js';
import { fitScaler, scaleMatrix } from '../../core/scaling/scaler.js';
import type { ScalerKind } from '../../core/scaling/scaler.js';
import { readCsvTable } from '../csv-table.js';
import { parseCount } from '../parse-options.js';
import { formatTable, log } from '../terminal.js';
import { UsageError } from '../usage-error.js';

export const clusterUsage = `segflow cluster --input FILE.csv --k N|auto [--seed S] [--algorithm kmeans|bisecting] [--id COLUMN]
                [--weights col=3,...] [--scaler minmax|zscore|robust|none] [--out DIR] [--json]
  Clusters the numeric columns of a CSV file (header row, id column first or --id) and writes
  DIR/labels.csv (id,segment). --k auto evaluates k = 2..15 and picks one (knee of the inertia
  curve, checked against the silhouette of its neighbours). DIR defaults to the input's folder.`;

const scalers: readonly ScalerKind[] = ['minmax', 'zscore', 'robust', 'none'];
const algorithms: readonly ClusteringAlgorithm[] = ['kmeans', 'bisecting'];

export async function runClusterCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      input: { type: 'string' },
      k: { type: 'string' },
      seed: { type: 'string', default: '1' },
      algorithm: { type: 'string', default: 'kmeans' },
      id: { type: 'string' },
      weights: { type: 'string' },
      scaler: { type: 'string', default: 'zscore' },
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.input === undefined) throw new UsageError('--input is required');
  if (values.k === undefined) throw new UsageError('--k is required (a number, or auto)');
  const algorithm = values.algorithm as ClusteringAlgorithm;
  if (!algorithms.includes(algorithm)) throw new UsageError(`--algorithm must be one of ${algorithms.join(', ')}, got '${values.algorithm}'`);
  const scaler = values.scaler as ScalerKind;
  if (!scalers.includes(scaler)) throw new UsageError(`--scaler must be one of ${scalers.join(', ')}, got '${values.scaler}'`);
  const seed = parseCount('--seed', values.seed!);

  const table = await readCsvTable(values.input, values.id);
  const weights = parseWeights(values.weights, table.columns);
  const matrix = scaleMatrix(fitScaler(table.matrix, scaler), weights, table.matrix);

  let report: KReport | null = null;
  let k: number;
  if (values.k === 'auto') {
    report = await evaluateK(matrix, { seed, algorithm, kMax: Math.min(15, matrix.rows) });
    k = report.chosenK;
  } else {
    k = parseCount('--k', values.k);
    if (k < 1 || k > matrix.rows) throw new UsageError(`--k must be between 1 and the number of rows (${matrix.rows}), got ${k}`);
  }
  const fit = algorithm === 'kmeans' ? await kmeans(matrix, { k, seed }) : await bisectingKMeans(matrix, { k, seed });
  const iterations = 'iterations' in fit ? fit.iterations : null;

  const directory = resolve(values.out ?? dirname(values.input));
  await mkdir(directory, { recursive: true });
  const labelsPath = join(directory, 'labels.csv');
  const lines = ['id,segment', ...table.ids.map((id, i) => `${csvField(id)},${fit.labels[i]}`)];
  await writeFile(labelsPath, `${lines.join('\n')}\n`);

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

/** "--weights recency=3,spend=2": every named column must exist; unnamed columns weigh 1. */
function parseWeights(text: string | undefined, columns: readonly string[]): number[] {
  const weights = columns.map(() => 1);
  if (text === undefined || text === '') return weights;
  for (const part of text.split(',')) {
    const separator = part.lastIndexOf('=');
    const name = part.slice(0, separator).trim();
    const value = Number(part.slice(separator + 1));
    const index = columns.indexOf(name);
    if (separator < 0 || index < 0) throw new UsageError(`--weights: '${part}' is not column=weight for a column of the file (${columns.join(', ')})`);
    if (!(value >= 0) || !Number.isFinite(value)) throw new UsageError(`--weights: weight of ${name} must be a number >= 0, got '${part.slice(separator + 1)}'`);
    weights[index] = value;
  }
  return weights;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
