import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildSegmentReport, createAssignmentExplainer, ownSegmentShapley, sampledBisectingShapley } from '../../core/explain/index.js';
import type { SegmentReport } from '../../core/explain/index.js';
import type { Matrix } from '../../core/matrix.js';
import { scaleMatrix } from '../../core/scaling/scaler.js';
import { clusterCsv, csvClusteringOptions, fitCsvClusters, parseCsvClusteringArgs, writeLabelsCsv } from '../csv-clustering.js';
import type { CsvClustering } from '../csv-clustering.js';
import { writeCsvFile } from '../csv-writer.js';
import type { CsvValue } from '../csv-writer.js';
import { formatTable, log } from '../terminal.js';
import { UsageError } from '../usage-error.js';

/** shap.csv holds rows x features lines; beyond this many rows it would be gigabytes. */
const SHAP_MAX_ROWS = 100_000;

export const explainUsage = `segflow explain --input FILE.csv --k N|auto --out DIR [--seed S] [--algorithm kmeans|bisecting] [--id COLUMN]
                [--weights col=3,...] [--scaler minmax|zscore|robust|none]
  Clusters the CSV exactly as segflow cluster does, again with all weights 1, and writes the segment
  report to DIR: labels.csv, centroids.csv (scaled space), information_gain.csv, compactness.csv,
  shap_summary.csv, shap.csv (up to ${SHAP_MAX_ROWS.toLocaleString('en-US')} rows; bisecting: a sample) and report.json.`;

/** Bisecting k-means is explained by sampling (each model call walks the tree), so only a sample of profiles. */
const BISECTING_SHAP_PROFILES = 2_000;
const BISECTING_BACKGROUND_ROWS = 1_000;
const BISECTING_PERMUTATIONS = 128;

/** How shap.csv was made, recorded in report.json. */
interface ShapFileInfo {
  readonly file: string | null;
  readonly method: 'closed-form logit' | 'sampled tree indicator' | 'skipped';
  readonly profiles: number;
  readonly note: string;
}

export async function runExplainCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: csvClusteringOptions, strict: true });
  if (values.out === undefined) throw new UsageError('--out is required: the folder the report files go to');
  const args = parseCsvClusteringArgs(values);
  const clustering = await clusterCsv(args);
  const { table, matrix, fit, weights } = clustering;
  // A bisecting tree can end with fewer leaves than asked for when nothing more is divisible.
  const k = fit.sizes.length;

  // With every weight already 1 the comparison clustering would repeat the same deterministic fit.
  const unweightedLabels = weights.every((weight) => weight === 1)
    ? fit.labels
    : (await fitCsvClusters(scaleUnweighted(clustering), args.algorithm, clustering.k, args.seed)).labels;
  const report = buildSegmentReport({
    original: table.matrix,
    scaled: matrix,
    labels: fit.labels,
    centroids: fit.centroids,
    k,
    featureNames: table.columns,
    unweightedLabels,
    seed: args.seed,
  });

  const directory = resolve(values.out);
  await mkdir(directory, { recursive: true });
  await writeLabelsCsv(directory, table.ids, fit.labels);
  await writeReportTables(directory, report, fit.centroids);
  const shap = await writeShapFile(directory, clustering, args.seed);
  const stored = {
    input: resolve(args.input),
    algorithm: args.algorithm,
    seed: args.seed,
    scaler: clustering.scaler,
    weights: Object.fromEntries(table.columns.map((name, j) => [name, weights[j]])),
    kReport: clustering.kReport,
    shapFile: shap,
    ...report,
    segments: report.segments.map((entry) => ({
      ...entry,
      examples: entry.examples.map((example) => ({ ...example, id: table.ids[example.row] })),
    })),
  };
  await writeFile(join(directory, 'report.json'), `${JSON.stringify(stored, null, 2)}\n`);

  log(`${args.algorithm} k=${k} on ${matrix.rows} rows`);
  log(
    formatTable(
      ['segment', 'size', 'share', 'name', 'description'],
      report.segments.map((entry) => [String(entry.segment), String(entry.size), `${(entry.share * 100).toFixed(1)}%`, entry.name, entry.description]),
    ),
  );
  log(`shap.csv: ${shap.note}`);
  log(`report written to ${directory}`);
  return 0;
}

/** The same scaler parameters with every weight 1, so only the priorities differ from the weighted run. */
function scaleUnweighted({ table, scaler }: CsvClustering): Matrix {
  return scaleMatrix(scaler, table.columns.map(() => 1), table.matrix);
}

async function writeReportTables(directory: string, report: SegmentReport, centroids: Float64Array): Promise<void> {
  const { features, k } = report;
  const d = features.length;
  await writeCsvFile(
    join(directory, 'centroids.csv'),
    ['segment', ...features],
    Array.from({ length: k }, (_, c) => [c, ...centroids.subarray(c * d, (c + 1) * d)]),
  );

  const unweighted = new Map(report.informationGain.unweighted?.features.map((entry) => [entry.feature, entry]) ?? []);
  await writeCsvFile(
    join(directory, 'information_gain.csv'),
    ['feature', 'bits', 'ratio', 'unweighted_bits', 'unweighted_ratio'],
    report.informationGain.weighted.features.map((entry) => [
      entry.feature,
      entry.bits,
      entry.ratio,
      unweighted.get(entry.feature)?.bits ?? '',
      unweighted.get(entry.feature)?.ratio ?? '',
    ]),
  );

  await writeCsvFile(
    join(directory, 'compactness.csv'),
    ['segment', 'feature', 'compactness', 'rank'],
    report.compactness.flatMap(({ segment, features: ranked }) =>
      ranked.map((entry, rank): CsvValue[] => [segment, entry.feature, entry.compactness, rank + 1]),
    ),
  );

  await writeCsvFile(
    join(directory, 'shap_summary.csv'),
    ['segment', 'feature', 'mean_abs', 'mean_when_high', 'mean_when_low', 'rank'],
    report.shapley.flatMap(({ segment, features: ranked }) =>
      ranked.map((entry, rank): CsvValue[] => [segment, entry.feature, entry.meanAbs, entry.meanWhenHigh ?? '', entry.meanWhenLow ?? '', rank + 1]),
    ),
  );
}

/**
 * shap.csv (profile, segment, feature, phi), each profile for its own segment.
 * k-means: the exact closed form of the segment logit for every row.
 * Bisecting: sampled Shapley values of the tree's indicator 1[leaf = segment] for a sample of rows.
 */
async function writeShapFile(directory: string, { table, matrix, fit }: CsvClustering, seed: number): Promise<ShapFileInfo> {
  const { ids, columns } = table;
  const d = columns.length;
  if (matrix.rows > SHAP_MAX_ROWS) {
    return { file: null, method: 'skipped', profiles: 0, note: `not written: ${matrix.rows} rows is more than ${SHAP_MAX_ROWS}` };
  }
  const file = join(directory, 'shap.csv');
  const header = ['profile', 'segment', 'feature', 'phi'];
  const lines = function* (rows: ArrayLike<number>, phi: Matrix): Generator<CsvValue[]> {
    for (let r = 0; r < rows.length; r++) {
      const i = rows[r];
      for (let j = 0; j < d; j++) yield [ids[i], fit.labels[i], columns[j], phi.data[r * d + j]];
    }
  };
  if (!('tree' in fit)) {
    const phi = ownSegmentShapley(createAssignmentExplainer(matrix, fit.centroids, fit.sizes.length), matrix, fit.labels);
    await writeCsvFile(file, header, lines(Int32Array.from({ length: matrix.rows }, (_, i) => i), phi));
    return {
      file,
      method: 'closed-form logit',
      profiles: matrix.rows,
      note: `exact Shapley values of each profile's segment logit for all ${matrix.rows} profiles; they sum to l_c(z) - E[l_c(Z)]`,
    };
  }
  const sampled = sampledBisectingShapley(fit.tree, matrix, fit.labels, {
    maxProfiles: BISECTING_SHAP_PROFILES,
    backgroundRows: BISECTING_BACKGROUND_ROWS,
    permutations: BISECTING_PERMUTATIONS,
    seed,
  });
  await writeCsvFile(file, header, lines(sampled.rows, sampled.values));
  return {
    file,
    method: 'sampled tree indicator',
    profiles: sampled.rows.length,
    note:
      `sampled Shapley values (${sampled.permutations} permutations, ${Math.min(BISECTING_BACKGROUND_ROWS, matrix.rows)} background rows) ` +
      `of the bisecting tree's indicator 1[segment = own segment] for ${sampled.rows.length} of ${matrix.rows} profiles`,
  };
}
