import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { featureInputs, type FeatureInput } from '../../core/features/feature-columns.js';
import { loadRunModel } from '../../db/repositories/model-repository.js';
import { createApp } from '../../server/create-app.js';
import type { SegmentationConfigInput } from '../../schemas/segmentation-config.js';
import { listen } from '../support/listen.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { createPipelineHarness, generatePeople, saveTestConfig, type PipelineHarness } from '../support/pipeline-harness.js';

const segflowBin = fileURLToPath(new URL('../../../bin/segflow.js', import.meta.url));

interface TrainingRow {
  profileId: number;
  values: number[];
  segment: number;
  distance: number;
}

/** A record's raw features back from the stored columns: a category is the level whose column is 1 (none: null). */
function rawFeatures(inputs: readonly FeatureInput[], values: readonly number[]): Record<string, number | string | null> {
  return Object.fromEntries(
    inputs.map((input) => {
      if (input.levels === null) return [input.name, values[input.column]];
      const level = input.levels.findIndex((_, l) => values[input.column + l] === 1);
      return [input.name, level < 0 ? null : input.levels[level]];
    }),
  );
}

const configs: Record<string, Partial<SegmentationConfigInput>> = {
  'score-kmeans': {
    k: 4,
    scaler: 'robust',
    features: [
      { name: 'monetary', weight: 'high' },
      { name: 'website_sessions', weight: 1 },
      { name: 'primary_channel', weight: 2 },
      { name: 'customer_age', weight: 'low' },
    ],
  },
  'score-bisecting': { k: 5, algorithm: 'bisecting', scaler: 'minmax' },
};

describe('scoring with a run model (scaler round trip)', () => {
  let testDatabase: TestDatabase;
  let harness: PipelineHarness;
  let server: Server;
  let base: string;
  const runIds = new Map<string, string>();

  before(async () => {
    testDatabase = await createTestDatabase();
    harness = await createPipelineHarness(testDatabase.database);
    await harness.startWorker();
    await generatePeople(testDatabase.database, 800);
    for (const [configId, overrides] of Object.entries(configs)) {
      await saveTestConfig(testDatabase.database, configId, overrides);
      const { runId } = await harness.runs.startRun(configId);
      await harness.runs.waitForRun(runId);
      runIds.set(configId, runId);
    }
    ({ server, base } = await listen(createApp({ database: testDatabase.database, runs: harness.runs, log: () => {} })));
  });

  after(async () => {
    server?.close();
    await harness?.close();
    await testDatabase?.drop();
  });

  async function score(runId: string, body: string, contentType = 'application/json'): Promise<{ status: number; json: any }> {
    const response = await fetch(`${base}/v1/models/${runId}/score`, { method: 'POST', headers: { 'content-type': contentType }, body });
    return { status: response.status, json: await response.json() };
  }

  async function trainingRows(runId: string): Promise<TrainingRow[]> {
    const { rows } = await sql<{ profile_id: string; feature_values: number[]; segment: number; distance: number }>`
      select f.profile_id, f.feature_values, a.segment, a.distance
      from segflow.run_features f join segflow.run_assignments a using (run_id, profile_id)
      where f.run_id = ${runId} order by f.profile_id`.execute(testDatabase.database.db);
    return rows.map((row) => ({ profileId: Number(row.profile_id), values: row.feature_values, segment: row.segment, distance: row.distance }));
  }

  for (const configId of Object.keys(configs)) {
    it(`reproduces every stored assignment and distance from the raw training features (${configId})`, { timeout: 60_000 }, async () => {
      const runId = runIds.get(configId)!;
      const model = await loadRunModel(testDatabase.database, runId);
      const inputs = featureInputs(model.featureNames);
      assert.ok(inputs.some((input) => input.name === 'primary_channel' && input.levels !== null), 'the category is part of the model');
      const rows = await trainingRows(runId);
      const records = rows.map((row) => ({ id: String(row.profileId), features: rawFeatures(inputs, row.values) }));
      assert.ok(records.some((record) => record.features.primary_channel === null), 'some profiles have no web sessions');

      const { status, json } = await score(runId, JSON.stringify({ records }));
      assert.equal(status, 200, JSON.stringify(json));
      assert.equal(json.records.length, rows.length);
      let nearestDiffers = 0;
      rows.forEach((row, i) => {
        const scored = json.records[i];
        assert.equal(scored.id, String(row.profileId));
        assert.equal(scored.segment, row.segment, `profile ${row.profileId}`);
        assert.equal(scored.distances[row.segment], row.distance, `profile ${row.profileId}`);
        assert.equal(scored.segmentId, json.segments[row.segment].segmentId);
        if (scored.nearestSegment !== scored.segment) nearestDiffers++;
      });
      if (model.algorithm === 'kmeans') assert.equal(nearestDiffers, 0);

      // The same records as CSV give the same answer.
      const header = ['id', ...inputs.map((input) => input.name)];
      const lines = records.slice(0, 50).map((record) => [record.id, ...inputs.map((input) => record.features[input.name] ?? '')].join(','));
      const csv = await score(runId, [header.join(','), ...lines].join('\n'), 'text/csv');
      assert.equal(csv.status, 200, JSON.stringify(csv.json));
      assert.deepEqual(csv.json.records, json.records.slice(0, 50));

      // And so does `segflow score` on a CSV or JSON file, straight from the database (no Temporal).
      const directory = await mkdtemp(join(tmpdir(), 'segflow-score-'));
      try {
        const files = { csv: join(directory, 'records.csv'), json: join(directory, 'records.json') };
        await writeFile(files.csv, [header.join(','), ...lines].join('\n'));
        await writeFile(files.json, JSON.stringify({ records: records.slice(0, 50) }));
        for (const file of Object.values(files)) {
          const { stdout } = await promisify(execFile)(process.execPath, [segflowBin, 'score', '--run', runId, '--input', file, '--json'], {
            env: { ...process.env, DATABASE_URL: testDatabase.url },
          });
          assert.deepEqual(JSON.parse(stdout).records, json.records.slice(0, 50), file);
        }
      } finally {
        await rm(directory, { recursive: true, force: true });
      }
    });
  }

  it('answers 400 naming the field for unknown, missing and mistyped features, and 404 for an unknown run', async () => {
    const runId = runIds.get('score-kmeans')!;
    const features = { monetary: 10, website_sessions: 3, primary_channel: 'social', customer_age: 40 };
    const cases: Array<{ body: string; type?: string; field: string; says: RegExp }> = [
      { body: JSON.stringify({ records: [{ features: { ...features, shoe_size: 9 } }] }), field: 'records.0.features.shoe_size', says: /unknown feature/ },
      { body: JSON.stringify({ records: [{ features: { ...features, monetary: undefined } }] }), field: 'records.0.features.monetary', says: /missing feature 'monetary'/ },
      { body: JSON.stringify({ records: [{ features: { ...features, customer_age: 'old' } }] }), field: 'records.0.features.customer_age', says: /must be a number/ },
      { body: 'monetary,website_sessions,primary_channel\n1,2,direct\n', type: 'text/csv', field: 'records.0.features.customer_age', says: /missing feature/ },
      { body: JSON.stringify({ records: [] }), field: 'records', says: /at least one record/ },
    ];
    for (const bad of cases) {
      const { status, json } = await score(runId, bad.body, bad.type);
      assert.equal(status, 400, JSON.stringify(json));
      assert.equal(json.error.field, bad.field);
      assert.match(json.error.message, bad.says);
    }
    const unknownLevel = await score(runId, JSON.stringify({ records: [{ features: { ...features, primary_channel: 'carrier pigeon' } }] }));
    assert.equal(unknownLevel.status, 200, 'a value outside the levels is the other level');
    assert.equal((await score('no-such-run', JSON.stringify({ records: [{ features }] }))).status, 404);
  });
});
