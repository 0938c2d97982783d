import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { compileFeatureInsert, resolveFeatureSet } from '../../core/features/compile-feature-query.js';
import { defaultFeatureCatalog } from '../../core/features/default-catalog.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const asOf = new Date('2026-06-01T00:00:00Z');
const daysBefore = (days: number): string => new Date(asOf.getTime() - days * 86_400_000).toISOString();

describe('default feature catalog compiled to SQL', () => {
  let testDatabase: TestDatabase;

  before(async () => {
    testDatabase = await createTestDatabase();
    const database = testDatabase.database;
    // Profile 1: a customer with two orders, two sessions and product usage. Profile 2: one anonymous session.
    await database.copyIn('sources.crm_contacts', ['contact_id', 'email', 'phone', 'first_name', 'last_name', 'age', 'created_at', 'updated_at'], [
      ['C1', 'a@example.com', null, 'A', 'B', 40, daysBefore(300), daysBefore(300)],
    ]);
    await database.copyIn('sources.crm_orders', ['order_id', 'contact_id', 'amount', 'ordered_at'], [
      ['O1', 'C1', 100, daysBefore(10)],
      ['O2', 'C1', 50.5, daysBefore(40)],
      ['O3', 'C1', 999, daysBefore(-1)], // after as-of: ignored
    ]);
    await database.copyIn('sources.web_sessions', ['session_id', 'anonymous_id', 'email', 'user_id', 'started_at', 'duration_seconds', 'channel'], [
      ['S1', 'anon-1', null, null, daysBefore(5), 100, 'direct'],
      ['S2', 'anon-1', 'a@example.com', null, daysBefore(120), 300, 'direct'],
      ['S3', 'anon-2', null, null, daysBefore(2), 60, 'organic_search'],
    ]);
    await database.copyIn('sources.web_pageviews', ['pageview_id', 'session_id', 'anonymous_id', 'page_type', 'url', 'viewed_at'], [
      ['V1', 'S1', 'anon-1', 'blog', '/b1', daysBefore(5)],
      ['V2', 'S1', 'anon-1', 'blog', '/b2', daysBefore(5)],
      ['V3', 'S1', 'anon-1', 'whitepaper', '/w', daysBefore(5)],
      ['V4', 'S2', 'anon-1', 'video', '/v', daysBefore(120)],
      ['V5', 'S3', 'anon-2', 'home', '/', daysBefore(2)],
      ['V6', 'S3', 'anon-2', 'home', '/', daysBefore(2)],
    ]);
    await database.copyIn('sources.product_users', ['product_user_id', 'email', 'created_at'], [['P1', 'a@example.com', daysBefore(200)]]);
    await database.copyIn('sources.product_events', ['event_id', 'product_user_id', 'event_type', 'feature', 'occurred_at'], [
      ['E1', 'P1', 'feature_used', 'reports', daysBefore(3)],
      ['E2', 'P1', 'feature_used', 'reports', daysBefore(100)],
      ['E3', 'P1', 'feature_used', 'exports', daysBefore(4)],
      ['E4', 'P1', 'login', null, daysBefore(4)],
    ]);
    await sql`insert into segflow.profiles (profile_id, created_run_id) values (1, 'test'), (2, 'test')`.execute(database.db);
    await database.copyIn('segflow.identity_map', ['source', 'record_id', 'profile_id'], [
      ['crm_contacts', 'C1', 1],
      ['web_sessions', 'S1', 1],
      ['web_sessions', 'S2', 1],
      ['product_users', 'P1', 1],
      ['web_sessions', 'S3', 2],
    ]);
  });

  after(async () => {
    await testDatabase?.drop();
  });

  it('computes the default features with their missing-value policies (hand-checked)', async () => {
    const expectedFirst: Record<string, number> = {
      website_sessions: 2,
      page_views: 4,
      pages_per_session: 2,
      avg_session_seconds: 200,
      sessions_per_day: 1 / 90, // only S1 lies in the last 90 days
      blogs_viewed: 2,
      videos_viewed: 1,
      whitepapers_viewed: 1,
      product_features_used: 2, // reports and exports; logins do not count
      feature_uses_per_day: 2 / 90, // E1 and E3
      converted_to_sale: 1,
      customer_age: 40,
      recency_days: 10,
      frequency: 2, // O3 lies after the as-of time
      monetary: 150.5,
    };
    const names = Object.keys(expectedFirst);
    const features = resolveFeatureSet(names, defaultFeatureCatalog);
    await compileFeatureInsert({ runId: 'r1', asOf, features, catalog: defaultFeatureCatalog }).execute(testDatabase.database.db);
    const rows = await testDatabase.database.db
      .selectFrom('segflow.run_features')
      .select(['profile_id', 'feature_values'])
      .where('run_id', '=', 'r1')
      .orderBy('profile_id')
      .execute();
    assert.equal(rows.length, 2);
    const [first, second] = rows.map((row) => Object.fromEntries(names.map((name, j) => [name, row.feature_values[j]])));
    for (const name of names) assert.ok(Math.abs(first[name] - expectedFirst[name]) < 1e-9, `${name}: ${first[name]} != ${expectedFirst[name]}`);
    assert.equal(second.website_sessions, 1);
    assert.equal(second.pages_per_session, 2);
    assert.equal(second.converted_to_sale, 0);
    assert.equal(second.customer_age, 40, 'missing age is imputed with the median');
    assert.equal(second.recency_days, 730, 'never ordered = the whole history window');
    assert.equal(second.monetary, 0);
  });
});
