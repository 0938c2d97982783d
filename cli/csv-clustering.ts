import { join } from 'node:path';
import { bisectingKMeans } from '../core/clustering/bisecting-kmeans.js';
import type { BisectingResult } from '../core/clustering/bisecting-kmeans.js';
import { evaluateK } from '../core/clustering/evaluate-k.js';
import type { ClusteringAlgorithm, KReport } from '../core/clustering/evaluate-k.js';
import { kmeans } from '../core/clustering/kmeans.js';
import type { KMeansResult } from '../core/clustering/kmeans.js';
import type { Matrix } from '../core/matrix.js';
import { fitScaler, scaleMatrix } from '../core/scaling/scaler.js';
import type { ScalerKind, ScalerParams } from '../core/scaling/scaler.js';
import { readCsvTable } from './csv-table.js';
import type { CsvTable } from './csv-table.js';
import { writeCsvFile } from './csv-writer.js';
import { parseCount } from './parse-options.js';
import { UsageError } from './usage-error.js';

/** The parseArgs options `segflow cluster` and `segflow explain` share. */
export const csvClusteringOptions = {
  input: { type: 'string' },
  k: { type: 'string' },
  seed: { type: 'string', default: '1' },
  algorithm: { type: 'string', default: 'kmeans' },
  id: { type: 'string' },
  weights: { type: 'string' },
  scaler: { type: 'string', default: 'zscore' },
  out: { type: 'string' },
} as const;

/** What parseArgs returns for csvClusteringOptions. */
export interface CsvClusteringValues {
  readonly input?: string;
  readonly k?: string;
  readonly seed?: string;
  readonly algorithm?: string;
  readonly id?: string;
  readonly weights?: string;
  readonly scaler?: string;
}

export interface CsvClusteringArgs {
  readonly input: string;
  readonly k: number | 'auto';
  readonly seed: number;
  readonly algorithm: ClusteringAlgorithm;
  readonly idColumn: string | undefined;
  readonly weights: string | undefined;
  readonly scaler: ScalerKind;
}

export type CsvFit = KMeansResult | BisectingResult;

export interface CsvClustering {
  readonly table: CsvTable;
  readonly scaler: ScalerParams;
  /** Priority weight per feature column (1 unless --weights names it). */
  readonly weights: number[];
  /** The scaled, weighted matrix the clustering ran on. */
  readonly matrix: Matrix;
  readonly k: number;
  /** The k evaluation behind --k auto; null for a given k. */
  readonly kReport: KReport | null;
  readonly fit: CsvFit;
}

const scalers: readonly ScalerKind[] = ['minmax', 'zscore', 'robust', 'none'];
const algorithms: readonly ClusteringAlgorithm[] = ['kmeans', 'bisecting'];

export function parseCsvClusteringArgs(values: CsvClusteringValues): CsvClusteringArgs {
  if (values.input === undefined) throw new UsageError('--input is required');
  if (values.k === undefined) throw new UsageError('--k is required (a number, or auto)');
  const algorithm = values.algorithm as ClusteringAlgorithm;
  if (!algorithms.includes(algorithm)) throw new UsageError(`--algorithm must be one of ${algorithms.join(', ')}, got '${values.algorithm}'`);
  const scaler = values.scaler as ScalerKind;
  if (!scalers.includes(scaler)) throw new UsageError(`--scaler must be one of ${scalers.join(', ')}, got '${values.scaler}'`);
  return {
    input: values.input,
    k: values.k === 'auto' ? 'auto' : parseCount('--k', values.k),
    seed: parseCount('--seed', values.seed ?? '1'),
    algorithm,
    idColumn: values.id,
    weights: values.weights,
    scaler,
  };
}

/** Reads, scales (scaler fitted on the file, then priority weights) and clusters a CSV file. */
export async function clusterCsv(args: CsvClusteringArgs): Promise<CsvClustering> {
  const table = await readCsvTable(args.input, args.idColumn);
  const weights = parseWeights(args.weights, table.columns);
  const scaler = fitScaler(table.matrix, args.scaler);
  const matrix = scaleMatrix(scaler, weights, table.matrix);

  let kReport: KReport | null = null;
  let k: number;
  if (args.k === 'auto') {
    kReport = await evaluateK(matrix, { seed: args.seed, algorithm: args.algorithm, kMax: Math.min(15, matrix.rows) });
    k = kReport.chosenK;
  } else {
    k = args.k;
    if (k < 1 || k > matrix.rows) throw new UsageError(`--k must be between 1 and the number of rows (${matrix.rows}), got ${k}`);
  }
  const fit = await fitCsvClusters(matrix, args.algorithm, k, args.seed);
  return { table, scaler, weights, matrix, k, kReport, fit };
}

export function fitCsvClusters(matrix: Matrix, algorithm: ClusteringAlgorithm, k: number, seed: number): Promise<CsvFit> {
  return algorithm === 'kmeans' ? kmeans(matrix, { k, seed }) : bisectingKMeans(matrix, { k, seed });
}

/** DIR/labels.csv: id,segment per input row. Returns its path. */
export async function writeLabelsCsv(directory: string, ids: readonly string[], labels: Int32Array): Promise<string> {
  const path = join(directory, 'labels.csv');
  await writeCsvFile(path, ['id', 'segment'], ids.map((id, i) => [id, labels[i]]));
  return path;
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
