import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../../server/create-app.js';
import { listen } from '../support/listen.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { createPipelineHarness, generatePeople, profileCount, type PipelineHarness } from '../support/pipeline-harness.js';

describe('HTTP API', () => {
  let testDatabase: TestDatabase;
  let harness: PipelineHarness;
  let server: Server;
  let base: string;

  before(async () => {
    testDatabase = await createTestDatabase();
    harness = await createPipelineHarness(testDatabase.database);
    await harness.startWorker();
    await generatePeople(testDatabase.database, 800);
    ({ server, base } = await listen(createApp({ database: testDatabase.database, runs: harness.runs, log: () => {} })));
  });

  after(async () => {
    server?.close();
    await harness?.close();
    await testDatabase?.drop();
  });

  async function call(method: string, path: string, body?: unknown, rawBody?: string): Promise<{ status: number; json: any }> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: body !== undefined || rawBody !== undefined ? { 'content-type': 'application/json' } : {},
      body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : null };
  }

  const badConfigs: Array<{ name: string; body?: unknown; raw?: string; field: string; says: RegExp }> = [
    { name: 'missing body', field: '(body)', says: /body is missing/ },
    { name: 'invalid JSON', raw: '{"name": ', field: '(body)', says: /not valid JSON/ },
    { name: 'wrong type for k', body: { name: 'x', k: 'four' }, field: 'k', says: /./ },
    { name: 'k below 2', body: { name: 'x', k: 1 }, field: 'k', says: /at least 2/ },
    { name: 'unknown feature', body: { name: 'x', features: [{ name: 'shoe_size', weight: 2 }] }, field: 'features.0.name', says: /unknown feature 'shoe_size'/ },
    { name: 'negative weight', body: { name: 'x', features: [{ name: 'monetary', weight: -1 }] }, field: 'features.0.weight', says: /./ },
    { name: 'wrong type for name', body: { name: 42 }, field: 'name', says: /./ },
    { name: 'bad scaler', body: { name: 'x', scaler: 'log' }, field: 'scaler', says: /./ },
  ];
  for (const bad of badConfigs) {
    it(`answers 400 naming the field for ${bad.name}`, async () => {
      const { status, json } = await call('POST', '/v1/configs', bad.body, bad.raw);
      assert.equal(status, 400, JSON.stringify(json));
      assert.equal(json.error.field, bad.field);
      assert.match(json.error.message, bad.says);
      assert.ok(!JSON.stringify(json).includes('    at '), 'no stack traces in responses');
    });
  }

  it('answers 400 for a run without configId and for an unknown config', async () => {
    const missing = await call('POST', '/v1/runs', {});
    assert.equal(missing.status, 400);
    assert.equal(missing.json.error.field, 'configId');
    const unknown = await call('POST', '/v1/runs', { configId: 'nope' });
    assert.equal(unknown.status, 400);
    assert.match(unknown.json.error.message, /nope does not exist/);
  });

  it('answers 404 for unknown runs, audiences and routes, and 400 for bad paging', async () => {
    assert.equal((await call('GET', '/v1/runs/does-not-exist')).status, 404);
    assert.equal((await call('GET', '/v1/audiences/does-not-exist')).status, 404);
    assert.equal((await call('GET', '/v1/nothing-here')).status, 404);
    const badLimit = await call('GET', '/v1/audiences/x/members?limit=0');
    assert.equal(badLimit.status, 400);
    assert.equal(badLimit.json.error.field, 'limit');
  });

  it('creates a config, runs it and pages through the audience without gaps or repeats', { timeout: 120_000 }, async () => {
    const created = await call('POST', '/v1/configs', {
      name: 'API test',
      features: [
        { name: 'monetary', weight: 'high' },
        { name: 'website_sessions', weight: 1 },
        { name: 'whitepapers_viewed', weight: 2.5 },
      ],
      k: 3,
      seed: 1,
    });
    assert.equal(created.status, 201);
    const configId = created.json.configId;
    const started = await call('POST', '/v1/runs', { configId });
    assert.equal(started.status, 202);
    await harness.runs.waitForRun(started.json.runId);

    const run = await call('GET', `/v1/runs/${started.json.runId}`);
    assert.equal(run.json.status, 'completed');
    const report = await call('GET', `/v1/runs/${started.json.runId}/report`);
    assert.equal(report.json.report.segments.length, 3);

    const audiences = await call('GET', '/v1/audiences');
    assert.ok(audiences.json.audiences.some((audience: { audienceId: string }) => audience.audienceId === configId));
    const audience = await call('GET', `/v1/audiences/${configId}`);
    assert.equal(audience.json.segments.length, 3);

    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; json: any } = await call(
        'GET',
        `/v1/audiences/${configId}/members?limit=97${cursor ? `&cursor=${cursor}` : ''}`,
      );
      assert.equal(page.status, 200);
      seen.push(...page.json.members.map((member: { profileId: number }) => member.profileId));
      cursor = page.json.nextCursor;
    } while (cursor);
    assert.equal(seen.length, await profileCount(testDatabase.database));
    assert.equal(new Set(seen).size, seen.length);

    const segmentId = audience.json.segments[0].segmentId;
    const segmentPage = await call('GET', `/v1/audiences/${configId}/members?segment=${segmentId}&limit=10000`);
    assert.equal(segmentPage.json.members.length, audience.json.segments[0].size);
    assert.ok(segmentPage.json.members.every((member: { segmentId: string }) => member.segmentId === segmentId));

    const badCursor = await call('GET', `/v1/audiences/${configId}/members?cursor=garbage`);
    assert.equal(badCursor.status, 400);
    assert.equal(badCursor.json.error.field, 'cursor');
  });
});
