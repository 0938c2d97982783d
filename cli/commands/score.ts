import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabaseFromSettings } from '../../runtime/segflow-environment.js';
import { scoreRunRecords, type ScoreInput } from '../../runtime/score-run-records.js';
import { loadSettings } from '../../runtime/settings.js';
import { formatTable } from '../terminal.js';
import { UsageError } from '../usage-error.js';

export const scoreUsage = `segflow score --run RUN_ID --input FILE.csv|FILE.json [--json]
  Scores raw feature records with the run's stored scaler, weights and centroids (no Temporal
  needed): CSV with a header row (an optional id column, then one column per feature), or JSON
  {"records": [{"id", "features": {name: value}}]}. Prints each record's segment and distances.`;

export async function runScoreCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      run: { type: 'string' },
      input: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.run === undefined) throw new UsageError('--run is required');
  if (values.input === undefined) throw new UsageError('--input is required (a .csv or .json file)');
  const input = await readScoreInput(values.input);
  const database = await openDatabaseFromSettings(loadSettings());
  try {
    const result = await scoreRunRecords(database, values.run, input);
    if (values.json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return 0;
    }
    const rows = result.records.map((record, index) => [
      record.id ?? String(index + 1),
      record.segmentId,
      record.name,
      record.distances[record.segment].toFixed(4),
      record.nearestSegment === record.segment ? '' : result.segments[record.nearestSegment].segmentId,
    ]);
    process.stdout.write(`${formatTable(['id', 'segment', 'name', 'distance', 'nearest centroid (if other)'], rows)}\n`);
    return 0;
  } finally {
    await database.close();
  }
}

async function readScoreInput(path: string): Promise<ScoreInput> {
  const text = await readFile(path, 'utf8');
  const extension = extname(path).toLowerCase();
  if (extension === '.csv') return { format: 'csv', text };
  if (extension !== '.json') throw new UsageError(`--input must be a .csv or .json file, got '${path}'`);
  try {
    return { format: 'json', body: JSON.parse(text) };
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}
