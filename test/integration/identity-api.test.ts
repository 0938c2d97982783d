import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { sql } from 'kysely';
import { refreshIdentities } from '../../db/repositories/identity-refresh.js';
import { errorHandler } from '../../server/http-errors.js';
import { identityRoutes } from '../../server/routes/identity-routes.js';
import { generatePeople } from '../support/pipeline-harness.js';
import { listen } from '../support/listen.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

describe('identity API: audit, dry run, rules, quality', () => {
  let testDatabase: TestDatabase;
  let server: Server;
  let base: string;

  before(async () => {
    testDatabase = await createTestDatabase();
    await generatePeople(testDatabase.database, 600, 5);
    await refreshIdentities(testDatabase.database, { runId: 'api-run', mode: 'incremental' });
    // The routes alone, with the app's JSON parsing and error handling: no Temporal needed.
    const app = express().use(express.json()).use(identityRoutes(testDatabase.database)).use(errorHandler(() => {}));
    ({ server, base } = await listen(app));
  });

  after(async () => {
    server?.close();
    await testDatabase?.drop();
  });

  async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: await response.json() };
  }

  it('explains a profile: its records and the links that joined them', async () => {
    const { rows } = await sql<{ profile_id: number }>`
      select profile_id from segflow.identity_map group by profile_id order by count(*) desc, profile_id limit 1`.execute(testDatabase.database.db);
    const profileId = Number(rows[0].profile_id);
    const { status, json } = await call('GET', `/v1/profiles/${profileId}/identity`);
    assert.equal(status, 200, JSON.stringify(json));
    assert.equal(json.profileId, profileId);
    assert.equal(json.matchesMap, true);
    assert.ok(json.recordKeys.length > 1);
    const linked = json.links.filter((link: { status: string }) => link.status === 'linked');
    assert.ok(linked.length > 0);
    // Every record of the profile is reached by some linked value.
    const reached = new Set(linked.flatMap((link: { recordKeys: string[] }) => link.recordKeys));
    for (const key of json.recordKeys) assert.ok(reached.has(key), `${key} is joined by no link`);

    const [a, b] = json.recordKeys;
    const pair = await call('GET', `/v1/identity/connection?records=${a},${b}`);
    assert.equal(pair.status, 200, JSON.stringify(pair.json));
    assert.equal(pair.json.sameProfile, true);
    assert.ok(pair.json.chain.length >= 1);
    assert.ok(pair.json.chain[0].recordKeys.includes(a));
    assert.ok(pair.json.chain.at(-1).recordKeys.includes(b));
  });

  it('dry-runs a rule change without applying it', async () => {
    const before = await sql<{ count: number }>`select count(distinct profile_id)::int as count from segflow.identity_map`.execute(testDatabase.database.db);
    // Emails no longer link: profiles joined only by an email split.
    const { status, json } = await call('POST', '/v1/identity/dry-run', { rules: { blocked: { patterns: ['@'] } } });
    assert.equal(status, 200, JSON.stringify(json));
    assert.equal(json.profilesBefore, before.rows[0].count);
    assert.ok(json.splits > 0 && json.profilesAfter > json.profilesBefore, JSON.stringify({ ...json, quality: undefined }));
    assert.equal(json.merges, 0);
    const afterRun = await sql<{ count: number }>`select count(distinct profile_id)::int as count from segflow.identity_map`.execute(testDatabase.database.db);
    assert.equal(afterRun.rows[0].count, before.rows[0].count, 'a dry run applies nothing');
  });

  it('serves the quality report of a run and the global rules', async () => {
    const quality = await call('GET', '/v1/runs/api-run/identity-quality');
    assert.equal(quality.status, 200);
    assert.equal(quality.json.mode, 'full');
    assert.ok(quality.json.quality.profiles > 0);
    assert.ok(Array.isArray(quality.json.quality.histogram));
    const rules = await call('GET', '/v1/identity/rules');
    assert.equal(rules.json.version, 0);
    const saved = await call('PUT', '/v1/identity/rules', { rules: { maxRecordsPerProfile: 1000 } });
    assert.equal(saved.status, 200);
    assert.equal(saved.json.version, 1);
    assert.equal((await call('GET', '/v1/identity/rules')).json.rules.maxRecordsPerProfile, 1000);
  });

  const badRequests: Array<{ name: string; method: string; path: string; body?: unknown; status: number; field?: string; says: RegExp }> = [
    { name: 'a profile id that is not a number', method: 'GET', path: '/v1/profiles/abc/identity', status: 400, field: 'id', says: /id/ },
    { name: 'an unknown profile', method: 'GET', path: '/v1/profiles/999999/identity', status: 404, says: /does not exist/ },
    { name: 'one record instead of two', method: 'GET', path: '/v1/identity/connection?records=crm_contacts:C1', status: 400, field: 'records', says: /two record keys/ },
    { name: 'an unknown record', method: 'GET', path: '/v1/identity/connection?records=crm_contacts:nope,web_sessions:nope', status: 404, says: /not in the identity map/ },
    { name: 'rules missing', method: 'POST', path: '/v1/identity/dry-run', body: {}, status: 400, field: 'rules', says: /./ },
    {
      name: 'a bad limit',
      method: 'POST',
      path: '/v1/identity/dry-run',
      body: { rules: { identifierTypes: [{ name: 'email', normalizer: 'email', maxPerProfile: 0 }], sources: { crm_contacts: { email: 'email' } } } },
      status: 400,
      field: 'rules.identifierTypes.0.maxPerProfile',
      says: /./,
    },
    {
      name: 'an unknown identifier type in sources',
      method: 'PUT',
      path: '/v1/identity/rules',
      body: { rules: { sources: { crm_contacts: { email: 'mail' } } } },
      status: 400,
      field: 'rules.sources.crm_contacts.email',
      says: /unknown identifier type mail/,
    },
    { name: 'a run without an identity refresh', method: 'GET', path: '/v1/runs/nope/identity-quality', status: 404, says: /no identity refresh/ },
  ];
  for (const bad of badRequests) {
    it(`answers ${bad.status} for ${bad.name}`, async () => {
      const { status, json } = await call(bad.method, bad.path, bad.body);
      assert.equal(status, bad.status, JSON.stringify(json));
      if (bad.field) assert.equal(json.error.field, bad.field);
      assert.match(json.error.message, bad.says);
    });
  }
});
