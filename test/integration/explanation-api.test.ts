import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { RunModel } from '../../activities/cluster-profiles.js';
import { assignmentLogitModel } from '../../core/explain/assignment-shapley.js';
import { loadRunModel } from '../../db/repositories/model-repository.js';
import { createApp } from '../../server/create-app.js';
import { listen } from '../support/listen.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { createPipelineHarness, generatePeople, saveTestConfig, type PipelineHarness } from '../support/pipeline-harness.js';

describe('GET /v1/profiles/:id/explanation', () => {
  let testDatabase: TestDatabase;
  let harness: PipelineHarness;
  let server: Server;
  let base: string;
  let runId: string;
  let model: RunModel;
  /** E[z] computed here from every scaled row, independently of the report step. */
  let means: Float64Array;
  let scaledById: Map<number, Float64Array>;
  let segmentById: Map<number, number>;

  before(async () => {
    testDatabase = await createTestDatabase();
    harness = await createPipelineHarness(testDatabase.database);
    await harness.startWorker();
    await generatePeople(testDatabase.database, 600);
    ({ server, base } = await listen(createApp({ database: testDatabase.database, runs: harness.runs, log: () => {} })));

    await saveTestConfig(testDatabase.database, 'explained', { k: 4, seed: 5 });
    ({ runId } = await harness.runs.startRun('explained'));
    await harness.runs.waitForRun(runId);
    model = await loadRunModel(testDatabase.database, runId);

    const db = testDatabase.database.db;
    const scaled = await db.selectFrom('segflow.run_scaled_features').select(['profile_id', 'feature_values']).where('run_id', '=', runId).execute();
    scaledById = new Map(scaled.map((row) => [Number(row.profile_id), Float64Array.from(row.feature_values, Number)]));
    means = new Float64Array(model.featureNames.length);
    for (const z of scaledById.values()) for (let j = 0; j < z.length; j++) means[j] += z[j] / scaledById.size;
    const assignments = await db.selectFrom('segflow.run_assignments').select(['profile_id', 'segment']).where('run_id', '=', runId).execute();
    segmentById = new Map(assignments.map((row) => [Number(row.profile_id), row.segment]));
  });

  after(async () => {
    server?.close();
    await harness?.close();
    await testDatabase?.drop();
  });

  async function get(path: string): Promise<{ status: number; json: any }> {
    const response = await fetch(`${base}${path}`);
    return { status: response.status, json: await response.json() };
  }

  it('explains a profile in the published run: phi sums to l_c(z) - E[l_c] for its segment and the runner-up', { timeout: 60_000 }, async () => {
    const profiles = [...scaledById.keys()].sort((a, b) => a - b);
    for (const profileId of [profiles[0], profiles[Math.floor(profiles.length / 2)], profiles.at(-1)!]) {
      const { status, json } = await get(`/v1/profiles/${profileId}/explanation`);
      assert.equal(status, 200, JSON.stringify(json));
      assert.equal(json.runId, runId);
      assert.equal(json.profileId, profileId);
      assert.equal(json.segment, segmentById.get(profileId));
      assert.equal(json.segmentId, model.segmentIds[json.segment]);
      assert.equal(typeof json.name, 'string');
      assert.equal(json.logits.length, model.k);

      const z = scaledById.get(profileId)!;
      for (const part of [json.assigned, json.runnerUp]) {
        const logit = assignmentLogitModel(Float64Array.from(model.centroids), model.k, part.segment);
        const expected = logit(z) - logit(means);
        const sum = part.contributions.reduce((total: number, entry: { phi: number }) => total + entry.phi, 0);
        assert.ok(Math.abs(sum - expected) < 1e-9, `profile ${profileId} segment ${part.segment}: ${sum} vs ${expected}`);
        assert.equal(part.contributions.length, model.featureNames.length);
      }
      assert.notEqual(json.runnerUp.segment, json.segment);
      assert.ok(json.reasons.length >= 2);
      assert.match(json.reasons.at(-1), /rather than/);
    }
  });

  it('takes an explicit run and gives the same answer', async () => {
    const profileId = [...scaledById.keys()][3];
    const implicit = await get(`/v1/profiles/${profileId}/explanation`);
    const explicit = await get(`/v1/profiles/${profileId}/explanation?run=${runId}`);
    assert.equal(explicit.status, 200);
    assert.deepEqual(explicit.json, implicit.json);
  });

  it('answers 404 for an unknown run, a profile outside the run and a profile in no audience', async () => {
    const unknownRun = await get(`/v1/profiles/${[...scaledById.keys()][0]}/explanation?run=no-such-run`);
    assert.equal(unknownRun.status, 404);
    assert.match(unknownRun.json.error.message, /run no-such-run has no report/);
    const outsideRun = await get(`/v1/profiles/999999999/explanation?run=${runId}`);
    assert.equal(outsideRun.status, 404);
    assert.match(outsideRun.json.error.message, /profile 999999999 is not in run/);
    const noAudience = await get('/v1/profiles/999999999/explanation');
    assert.equal(noAudience.status, 404);
    assert.match(noAudience.json.error.message, /in no published audience/);
  });

  it('answers 400 naming the parameter for a bad profile id or run', async () => {
    for (const id of ['abc', '0', '-3', '1.5', '12345678901234567890']) {
      const { status, json } = await get(`/v1/profiles/${encodeURIComponent(id)}/explanation`);
      assert.equal(status, 400, id);
      assert.equal(json.error.field, 'id');
    }
    const emptyRun = await get(`/v1/profiles/1/explanation?run=`);
    assert.equal(emptyRun.status, 400);
    assert.equal(emptyRun.json.error.field, 'run');
  });
});
