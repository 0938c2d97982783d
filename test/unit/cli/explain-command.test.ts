import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runClusterCommand } from '../../../cli/commands/cluster.js';
import { runExplainCommand } from '../../../cli/commands/explain.js';
import { readCsvTable } from '../../../cli/csv-table.js';
import { assignmentLogitModel } from '../../../core/explain/assignment-shapley.js';
import { parseCsv } from '../../../core/parse-csv.js';
import { fitScaler, scaleMatrix } from '../../../core/scaling/scaler.js';
import { plantedSegments } from '../explain/planted-segments.js';

const ROWS = 300;
/** A header that needs quoting, to check every file quotes what it must. */
const FEATURES = ['sessions, web', 'revenue', 'newsletter', 'days_since_visit'];

async function readRecords(path: string): Promise<string[][]> {
  return [...parseCsv(await readFile(path, 'utf8'))];
}

describe('segflow explain', () => {
  let directory: string;
  let input: string;
  const ids = Array.from({ length: ROWS }, (_, i) => (i === 4 ? 'Smith, "J"' : `p${i}`));

  before(async () => {
    directory = await mkdtemp(join(tmpdir(), 'segflow-explain-'));
    input = join(directory, 'features.csv');
    const { original } = plantedSegments(21);
    const quote = (text: string): string => (/[",]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
    const lines = [['id', ...FEATURES].map(quote).join(',')];
    for (let i = 0; i < ROWS; i++) lines.push([quote(ids[i]), ...original.data.subarray(i * 4, i * 4 + 4)].join(','));
    await writeFile(input, `${lines.join('\n')}\n`);
  });

  after(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  const args = ['--k', '3', '--seed', '1', '--weights', 'revenue=3,newsletter=2', '--scaler', 'minmax'];

  it('writes every file with its header and row count, and labels identical to segflow cluster', async () => {
    const out = join(directory, 'kmeans');
    assert.equal(await runExplainCommand(['--input', input, '--out', out, ...args]), 0);
    const clustered = join(directory, 'cluster');
    assert.equal(await runClusterCommand(['--input', input, '--out', clustered, ...args]), 0);
    assert.equal(await readFile(join(out, 'labels.csv'), 'utf8'), await readFile(join(clustered, 'labels.csv'), 'utf8'));

    const expected: Record<string, [string[], number]> = {
      'labels.csv': [['id', 'segment'], ROWS],
      'centroids.csv': [['segment', ...FEATURES], 3],
      'information_gain.csv': [['feature', 'bits', 'ratio', 'unweighted_bits', 'unweighted_ratio'], 4],
      'compactness.csv': [['segment', 'feature', 'compactness', 'rank'], 3 * 4],
      'shap_summary.csv': [['segment', 'feature', 'mean_abs', 'mean_when_high', 'mean_when_low', 'rank'], 3 * 4],
      'shap.csv': [['profile', 'segment', 'feature', 'phi'], ROWS * 4],
    };
    for (const [file, [header, rows]] of Object.entries(expected)) {
      const records = await readRecords(join(out, file));
      assert.deepEqual(records[0], header, file);
      assert.equal(records.length - 1, rows, file);
      assert.ok(records.every((record) => record.length === header.length), `${file}: every record has ${header.length} fields`);
    }
    const labels = await readRecords(join(out, 'labels.csv'));
    assert.equal(labels[5][0], 'Smith, "J"');

    const compactness = await readRecords(join(out, 'compactness.csv'));
    const segmentZero = compactness.slice(1).filter((record) => record[0] === '0');
    assert.deepEqual(segmentZero.map((record) => record[3]), ['1', '2', '3', '4']);
    const values = segmentZero.map((record) => Number(record[2]));
    assert.deepEqual(values, [...values].sort((a, b) => b - a));

    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    assert.equal(report.segments.length, 3);
    assert.equal(report.shapFile.method, 'closed-form logit');
    assert.ok(report.informationGain.unweighted !== null);
    assert.ok(report.segments.every((segment: { name: string; description: string }) => segment.name.length > 0 && segment.description.length > 0));
  });

  it('shap.csv sums per profile to the logit shift l_c(z) - E[l_c(Z)] of its segment', async () => {
    const out = join(directory, 'kmeans');
    const table = await readCsvTable(input);
    const scaled = scaleMatrix(fitScaler(table.matrix, 'minmax'), [1, 3, 2, 1], table.matrix);
    const means = new Float64Array(4);
    for (let i = 0; i < ROWS; i++) for (let j = 0; j < 4; j++) means[j] += scaled.data[i * 4 + j] / ROWS;
    const centroids = Float64Array.from((await readRecords(join(out, 'centroids.csv'))).slice(1).flatMap((record) => record.slice(1).map(Number)));

    const sums = new Map<string, { segment: number; phi: number }>();
    for (const [profile, segment, , phi] of (await readRecords(join(out, 'shap.csv'))).slice(1)) {
      const entry = sums.get(profile) ?? { segment: Number(segment), phi: 0 };
      entry.phi += Number(phi);
      sums.set(profile, entry);
    }
    assert.equal(sums.size, ROWS);
    for (let i = 0; i < ROWS; i++) {
      const { segment, phi } = sums.get(ids[i])!;
      const logit = assignmentLogitModel(centroids, 3, segment);
      const shift = logit(scaled.data.slice(i * 4, i * 4 + 4)) - logit(means);
      assert.ok(Math.abs(phi - shift) < 1e-9, `${ids[i]}: ${phi} vs ${shift}`);
    }
  });

  it('explains bisecting k-means by sampling the tree on the profiles and says so', async () => {
    const out = join(directory, 'bisecting');
    assert.equal(await runExplainCommand(['--input', input, '--out', out, '--algorithm', 'bisecting', ...args]), 0);
    const clustered = join(directory, 'cluster-bisecting');
    assert.equal(await runClusterCommand(['--input', input, '--out', clustered, '--algorithm', 'bisecting', ...args]), 0);
    assert.equal(await readFile(join(out, 'labels.csv'), 'utf8'), await readFile(join(clustered, 'labels.csv'), 'utf8'));
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    assert.equal(report.shapFile.method, 'sampled tree indicator');
    assert.equal(report.shapFile.profiles, ROWS);
    const shap = await readRecords(join(out, 'shap.csv'));
    assert.equal(shap.length - 1, ROWS * 4);
  });

  it('requires --out and rejects a bad algorithm', async () => {
    await assert.rejects(runExplainCommand(['--input', input, '--k', '3']), /--out is required/);
    await assert.rejects(runExplainCommand(['--input', input, '--k', '3', '--out', directory, '--algorithm', 'dbscan']), /--algorithm must be one of/);
  });
});
