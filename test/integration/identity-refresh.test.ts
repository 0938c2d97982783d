import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { compileIdentityRules } from '../../core/identity/compile-identity-rules.js';
import { resolveIdentities, type IdentityResolution } from '../../core/identity/resolve-identities.js';
import type { SegflowDatabase } from '../../db/open-database.js';
import { auditRecordPair } from '../../db/repositories/identity-audit.js';
import { readIdentityRecords, sourceQueries, type IdentityRecords } from '../../db/repositories/identity-record-reader.js';
import { refreshIdentities } from '../../db/repositories/identity-refresh.js';
import { loadIdentityRules, saveIdentityRules } from '../../db/repositories/identity-rules-repository.js';
import { generatePeople } from '../support/pipeline-harness.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * Incremental refresh against the truth it must match: after each round of
 * appends (new people, records joining existing profiles, records bridging
 * two profiles, an update, a delete), the incremental map must partition the
 * records exactly as the pure core does on all records, and a full refresh
 * run right after must change nothing (same profiles, same ids).
 */
describe('incremental identity refresh', () => {
  let testDatabase: TestDatabase;
  let database: SegflowDatabase;

  before(async () => {
    testDatabase = await createTestDatabase();
    database = testDatabase.database;
    await generatePeople(database, 1500, 21);
  });

  after(async () => {
    await testDatabase?.drop();
  });

  it('runs in full the first time, then incrementally, matching a full recomputation over several rounds of appends', { timeout: 120_000 }, async () => {
    const first = await refreshIdentities(database, { runId: 'round-0', mode: 'incremental' });
    assert.equal(first.mode, 'full');
    assert.match(first.fullReason ?? '', /no watermark/);
    await assertMatchesFullRecomputation(database, 'round-0');
    // The first refresh builds the profiles' key after inserting them: every constraint is back.
    const constraints = await sql<{ conname: string }>`
      select conname from pg_constraint where conrelid in ('segflow.profiles'::regclass, 'segflow.identity_map'::regclass) order by conname`.execute(database.db);
    assert.deepEqual(
      constraints.rows.map((row) => row.conname),
      ['identity_map_pkey', 'identity_map_profile_id_fkey', 'profiles_merged_into_fkey', 'profiles_pkey'],
    );

    for (let round = 1; round <= 4; round++) {
      const bridges = await appendRound(database, round);
      assert.ok(bridges.length >= 2, `round ${round} appended ${bridges.length} bridges`);
      const before = await profileIdsOf(database, bridges.flat());
      const result = await refreshIdentities(database, { runId: `round-${round}`, mode: 'incremental' });
      assert.equal(result.mode, 'incremental', `round ${round}: ${result.fullReason}`);
      process.stderr.write(`round ${round}: resolved ${result.resolvedRecords} of ${result.records} records, ${result.changedRecords} changed, ${result.merged} merged, ${result.split} split\n`);
      assert.ok(result.resolvedRecords < result.records / 4, `round ${round} resolved ${result.resolvedRecords} of ${result.records} records`);
      await assertMatchesFullRecomputation(database, `round-${round}`);
      const after = await profileIdsOf(database, bridges.flat());
      for (const [a, b] of bridges) {
        assert.notEqual(before.get(a), before.get(b), `round ${round}: ${a} and ${b} started in two profiles`);
        if (after.get(a) !== after.get(b)) {
          const { chain } = await auditRecordPair(database, a, b);
          assert.fail(`round ${round}: the bridge must join ${a} and ${b}; chain: ${JSON.stringify(chain)}`);
        }
      }
      const merged = await sql<{ count: number }>`
        select count(*)::int as count from segflow.merge_history where run_id = ${`round-${round}`} and change = 'merged'`.execute(database.db);
      assert.ok(merged.rows[0].count >= bridges.length, `round ${round}: every bridge merges two profiles`);
    }
  });

  it('runs in full when the rules change, and incrementally again afterwards', async () => {
    await saveIdentityRules(database, { maxRecordsPerProfile: 1500 });
    const changed = await refreshIdentities(database, { runId: 'rules-changed', mode: 'incremental' });
    assert.equal(changed.mode, 'full');
    assert.match(changed.fullReason ?? '', /rules changed/);
    const again = await refreshIdentities(database, { runId: 'rules-same', mode: 'incremental' });
    assert.equal(again.mode, 'incremental');
    assert.equal(again.resolvedRecords, 0);
    assert.equal(again.changedRecords, 0);
  });

  it('reads the records of an incremental refresh through indexes, never by scanning a source table', async () => {
    const compiled = compileIdentityRules((await loadIdentityRules(database)).rules);
    const filter = { kind: 'changedSinceOrCandidates', watermark: 1, candidateIds: [1, 2, 3] } as const;
    for (const query of sourceQueries(compiled, filter)) {
      // With sequential scans priced out, a plan that still scans a source table has no index it can use.
      const plan = await database.db.transaction().execute(async (transaction) => {
        await sql`set local enable_seqscan = off`.execute(transaction);
        const { rows } = await sql<{ 'QUERY PLAN': string }>`explain ${sql.raw(query.branches.join(' union all '))}`.execute(transaction);
        return rows.map((row) => row['QUERY PLAN']).join('\n');
      });
      assert.doesNotMatch(plan, new RegExp(`Seq Scan on ${query.source}`), plan);
      assert.match(plan, /identity_map_candidate/, plan);
    }
  });

  it('is idempotent: a retried refresh of the same run id leaves the same tables', async () => {
    await appendRound(database, 9);
    const first = await refreshIdentities(database, { runId: 'retried', mode: 'incremental' });
    const snapshot = await mapSnapshot(database);
    const retry = await refreshIdentities(database, { runId: 'retried', mode: 'incremental' });
    assert.ok(first.changedRecords > 0);
    assert.equal(retry.changedRecords, 0);
    assert.deepEqual(await mapSnapshot(database), snapshot);
    const runs = await sql<{ count: number }>`select count(*)::int as count from segflow.identity_runs where run_id = 'retried'`.execute(database.db);
    assert.equal(runs.rows[0].count, 1);
  });
});

describe('reading identity records on two threads', () => {
  let testDatabase: TestDatabase;
  let database: SegflowDatabase;

  before(async () => {
    testDatabase = await createTestDatabase();
    database = testDatabase.database;
    await generatePeople(database, 1200, 5);
    await refreshIdentities(database, { runId: 'parallel-read', mode: 'full' });
  });

  after(async () => {
    await testDatabase?.drop();
  });

  it('reads every record once, with its map row and normalized values, as one thread does, and resolves them the same', async () => {
    const compiled = compileIdentityRules((await loadIdentityRules(database)).rules);
    const one = await readIdentityRecords(database, compiled, { parallel: false });
    const two = await readIdentityRecords(database, compiled, { parallel: true });
    assert.ok(one.input.recordKeys.length > 3000);
    assert.equal(two.input.recordKeys.length, one.input.recordKeys.length, 'a record read twice or missed');
    assert.equal(two.recordsPerThread.length, 2);
    assert.ok(two.recordsPerThread.every((count) => count > 0), `split ${two.recordsPerThread.join(' + ')}`);
    assert.deepEqual(recordsByKey(two), recordsByKey(one));
    assert.deepEqual(profilesAsKeySets(resolveIdentities(two.input, compiled)), profilesAsKeySets(resolveIdentities(one.input, compiled)));
  });
});

/** Per record key: its map row, ingest number and sorted normalized values (type:value; invalid ones as type:!). */
function recordsByKey(records: IdentityRecords): Map<string, string> {
  const { occurrenceRecord, identifiers } = records.input;
  const recordKeys = records.input.recordKeys.toArray();
  const values = recordKeys.map(() => [] as string[]);
  for (let o = 0; o < occurrenceRecord.length; o++) {
    const v = identifiers.valueOfOccurrence[o];
    values[occurrenceRecord[o]].push(v < 0 ? '!' : `${identifiers.valueType[v]}:${identifiers.values[v]}:${identifiers.valueBlocked[v]}`);
  }
  return new Map(
    recordKeys.map((key, r) => [key, `${records.previousProfile[r]} ${records.previousCandidate[r]} ${records.ingestSeq[r]} ${values[r].sort().join(' ')}`]),
  );
}

function profilesAsKeySets(resolution: IdentityResolution): string[] {
  const members = new Map<number, string[]>();
  resolution.input.recordKeys.toArray().forEach((key, r) => {
    const list = members.get(resolution.profileOf[r]) ?? [];
    list.push(key);
    members.set(resolution.profileOf[r], list);
  });
  return [...members.values()].map((keys) => keys.sort().join(',')).sort();
}

/** The map partitions the records exactly as the pure core on every record does, and a full refresh changes nothing. */
async function assertMatchesFullRecomputation(database: SegflowDatabase, label: string): Promise<void> {
  const compiled = compileIdentityRules((await loadIdentityRules(database)).rules);
  const records = await readIdentityRecords(database, compiled);
  const resolution = resolveIdentities(records.input, compiled);
  const profileOfLabel = new Map<number, number>();
  const labelOfProfile = new Map<number, number>();
  for (let r = 0; r < records.input.recordKeys.length; r++) {
    const profileId = records.previousProfile[r];
    assert.ok(profileId >= 0, `${label}: ${records.input.recordKeys.key(r)} is missing from the map`);
    const core = resolution.profileOf[r];
    assert.equal(profileOfLabel.get(core) ?? profileId, profileId, `${label}: ${records.input.recordKeys.key(r)} is split from its core profile`);
    assert.equal(labelOfProfile.get(profileId) ?? core, core, `${label}: profile ${profileId} joins two core profiles`);
    profileOfLabel.set(core, profileId);
    labelOfProfile.set(profileId, core);
  }
  const mapRows = await sql<{ count: number }>`select count(*)::int as count from segflow.identity_map`.execute(database.db);
  assert.equal(mapRows.rows[0].count, records.input.recordKeys.length, `${label}: the map holds rows of deleted records`);

  const full = await refreshIdentities(database, { runId: `${label}-full-check`, mode: 'full' });
  assert.equal(full.changedRecords, 0, `${label}: a full refresh would change ${full.changedRecords} records`);
  assert.deepEqual([full.created, full.merged, full.split, full.removed], [0, 0, 0, 0]);
}

/**
 * Appends one round of source changes and returns the record pairs that a
 * bridge record must now join. Ids are new per round; values are taken from
 * existing records so the new records link, bridge and move profiles.
 */
async function appendRound(database: SegflowDatabase, round: number): Promise<Array<[string, string]>> {
  const db = database.db;
  const offset = round * 37;
  const { rows: contacts } = await sql<{ contact_id: string; email: string }>`
    select c.contact_id, c.email from sources.crm_contacts c
    join segflow.identity_map m on m.source = 'crm_contacts' and m.record_id = c.contact_id
    where c.email is not null and c.email not like '%@%@%'
      and (select count(*) from segflow.identity_map o where o.profile_id = m.profile_id) < 20
    order by c.contact_id offset ${offset} limit 6`.execute(db);
  // One session per device: two bridges on one device would give its profile two crm ids, which the limit refuses.
  const { rows: sessions } = await sql<{ session_id: string; anonymous_id: string }>`
    select * from (
      select distinct on (s.anonymous_id) s.session_id, s.anonymous_id from sources.web_sessions s
      join segflow.identity_map m on m.source = 'web_sessions' and m.record_id = s.session_id
      where (select count(*) from segflow.identity_map o where o.profile_id = m.profile_id) < 20
        -- Web-only profiles: a bridge to a contact's profile then breaks no one-crm-id or one-product-user limit.
        and not exists (select 1 from segflow.identity_map o where o.profile_id = m.profile_id and o.source <> 'web_sessions')
      order by s.anonymous_id, s.session_id
    ) devices
    order by session_id desc offset ${offset} limit 6`.execute(db);
  const now = new Date('2026-11-02T00:00:00Z');
  // Bridges: a login on one person's device with another person's email.
  const bridges: Array<[string, string]> = [];
  const profiles = await profileIdsOf(database, [
    ...contacts.map((contact) => `crm_contacts:${contact.contact_id}`),
    ...sessions.map((session) => `web_sessions:${session.session_id}`),
  ]);
  for (let i = 0; i < 3; i++) {
    const contactKey = `crm_contacts:${contacts[i].contact_id}`;
    const sessionKey = `web_sessions:${sessions[i].session_id}`;
    if (profiles.get(contactKey) === profiles.get(sessionKey)) continue;
    await sql`
      insert into sources.web_sessions (session_id, anonymous_id, email, user_id, started_at, duration_seconds, channel)
      values (${`R${round}-bridge-${i}`}, ${sessions[i].anonymous_id}, ${contacts[i].email.toUpperCase()}, null, ${now}, 60, 'direct')`.execute(db);
    bridges.push([contactKey, sessionKey]);
  }
  // New people: a contact, a product user and sessions that only link among themselves.
  for (let i = 0; i < 5; i++) {
    const email = `new.person.${round}.${i}@example.org`;
    await sql`
      insert into sources.crm_contacts (contact_id, email, phone, first_name, last_name, age, created_at, updated_at)
      values (${`R${round}-C${i}`}, ${email}, ${`(415) 77${round}-${String(1000 + i)}`}, 'New', 'Person', 30, ${now}, ${now})`.execute(db);
    await sql`insert into sources.product_users (product_user_id, email, created_at) values (${`R${round}-pu${i}`}, ${` ${email} `}, ${now})`.execute(db);
    await sql`
      insert into sources.web_sessions (session_id, anonymous_id, email, user_id, started_at, duration_seconds, channel)
      values (${`R${round}-S${i}`}, ${`anon-new-${round}-${i}`}, null, ${`R${round}-pu${i}`}, ${now}, 30, 'search')`.execute(db);
  }
  // A second CRM contact of an existing person, found by email.
  await sql`
    insert into sources.crm_contacts (contact_id, email, phone, first_name, last_name, age, created_at, updated_at)
    values (${`R${round}-dup`}, ${contacts[4].email}, null, 'Dup', 'Licate', 40, ${now}, ${now})`.execute(db);
  // An update that moves a contact to another email, and a deleted session.
  await sql`update sources.crm_contacts set email = ${`moved.${round}@example.net`} where contact_id = ${contacts[5].contact_id}`.execute(db);
  await sql`delete from sources.web_sessions where session_id = ${sessions[5].session_id}`.execute(db);
  return bridges;
}

async function profileIdsOf(database: SegflowDatabase, recordKeys: readonly string[]): Promise<Map<string, number>> {
  const { rows } = await sql<{ key: string; profile_id: number }>`
    select source || ':' || record_id as key, profile_id from segflow.identity_map
    where source || ':' || record_id = any(${recordKeys}::text[])`.execute(database.db);
  return new Map(rows.map((row) => [row.key, Number(row.profile_id)]));
}

async function mapSnapshot(database: SegflowDatabase): Promise<unknown[]> {
  const { rows } = await sql`
    select source, record_id, profile_id, candidate_id from segflow.identity_map order by source, record_id`.execute(database.db);
  const values = await sql`select value_key, source, record_id from segflow.identity_values order by value_key, source, record_id`.execute(database.db);
  return [rows, values.rows];
}
