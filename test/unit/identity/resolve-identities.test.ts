import assert from 'node:assert/strict';
import { test } from 'node:test';
import { droppedLinks } from '../../../core/identity/dropped-links.js';
import { identityInputFromRecords, subsetIdentityInput } from '../../../core/identity/identity-input.js';
import type { IdentityRecord } from '../../../core/identity/identity-input.js';
import { buildQualityReport } from '../../../core/identity/quality-report.js';
import { resolveIdentities } from '../../../core/identity/resolve-identities.js';
import { duplicateContactRules, partition, resolve, rules, sameProfile, shuffled, syntheticPeople } from './identity-fixtures.js';

test('records sharing normalized identifiers form one profile', () => {
  const resolution = resolve([
    { key: 'crm_contacts:1', identifiers: { crm_id: '1', email: 'Jane@Example.com', phone: '(212) 555-0147' } },
    { key: 'web_sessions:9', identifiers: { anonymous_id: 'd1', email: ' jane@example.com' } },
    { key: 'web_sessions:10', identifiers: { anonymous_id: 'd1' } },
    { key: 'crm_contacts:2', identifiers: { crm_id: '2', phone: '+1 212 555 0147' } },
    { key: 'product_users:u7', identifiers: { product_user_id: 'u7', email: 'other@example.com' } },
  ], duplicateContactRules());
  assert.deepEqual(partition(resolution), [
    ['crm_contacts:1', 'crm_contacts:2', 'web_sessions:10', 'web_sessions:9'],
    ['product_users:u7'],
  ]);
});

/** Person p: a CRM contact and a logged-in session on the shared device. */
function sharedDevice(people: number): IdentityRecord[] {
  const records: IdentityRecord[] = [];
  for (let p = 0; p < people; p++) {
    records.push({ key: `crm_contacts:${p}`, identifiers: { crm_id: String(p), email: `p${p}@mail.com` } });
    records.push({ key: `web_sessions:${p}`, identifiers: { anonymous_id: 'lobby-kiosk', email: `p${p}@mail.com` } });
  }
  return records;
}

test('an anonymous device shared by 500 people produces no giant profile', () => {
  const resolution = resolve(sharedDevice(500));
  const report = buildQualityReport(resolution);
  assert.equal(resolution.profileCount, 500);
  assert.equal(report.recordsPerProfile.max, 2);
  for (let p = 0; p < 500; p += 97) assert.ok(sameProfile(resolution, `crm_contacts:${p}`, `web_sessions:${p}`));
  // Joining all 500 would give 500 crm ids, the first limit checked (crm_id allows 5).
  assert.deepEqual(report.droppedLinks, [{ type: 'anonymous_id', reason: 'limit', limitType: 'crm_id', values: 1, occurrences: 500 }]);
  const dropped = droppedLinks(resolution);
  assert.equal(dropped.length, 500);
  assert.deepEqual(dropped[0], { recordKey: 'web_sessions:0', type: 'anonymous_id', value: 'lobby-kiosk', reason: 'limit', limitType: 'crm_id' });
});

test('2% junk email on CRM contacts produces no giant profile and no wrong merge', () => {
  const { records, person } = syntheticPeople(1000, 11);
  let junk = 0;
  const polluted = records.map((record, i) => {
    if (!record.key.startsWith('crm_contacts:') || i % 50 !== 0) return record;
    junk++;
    return { key: record.key, identifiers: { ...record.identifiers, email: 'info@company.com' } };
  });
  assert.ok(junk >= 10);
  const resolution = resolve(polluted);
  const recordsOfPerson = new Map<number, number>();
  for (const p of person) recordsOfPerson.set(p, (recordsOfPerson.get(p) ?? 0) + 1);
  const largestPerson = Math.max(...recordsOfPerson.values());
  assert.ok(buildQualityReport(resolution).recordsPerProfile.max <= largestPerson);
  // Every profile holds one person only.
  const owner = new Map<number, number>();
  resolution.profileOf.forEach((profile, r) => {
    assert.equal(owner.get(profile) ?? person[r], person[r]);
    owner.set(profile, person[r]);
  });
});

const conflict: IdentityRecord[] = [
  { key: 'r1', identifiers: { email: 'e1@x.com', phone: '212 555 0101' } },
  { key: 'r2', identifiers: { email: 'e1@x.com', phone: '212 555 0102' } },
  { key: 'r3', identifiers: { email: 'e2@x.com', phone: '212 555 0102' } },
];

test('priority order decides which link is dropped', () => {
  const types = (order: string[]) =>
    order.map((name) => ({ name, normalizer: name === 'phone' ? ('phone' as const) : ('email' as const), maxPerProfile: 1 }));

  const emailFirst = resolve(conflict, rules({ identifierTypes: types(['email', 'phone']), sources: {} }));
  assert.deepEqual(partition(emailFirst), [['r1', 'r2'], ['r3']]);
  assert.deepEqual(droppedLinks(emailFirst).map((link) => [link.recordKey, link.type, link.value, link.limitType]), [
    ['r2', 'phone', '+12125550102', 'email'],
    ['r3', 'phone', '+12125550102', 'email'],
  ]);

  const phoneFirst = resolve(conflict, rules({ identifierTypes: types(['phone', 'email']), sources: {} }));
  assert.deepEqual(partition(phoneFirst), [['r1'], ['r2', 'r3']]);
  assert.deepEqual(droppedLinks(phoneFirst).map((link) => [link.recordKey, link.type, link.limitType]), [
    ['r1', 'email', 'phone'],
    ['r2', 'email', 'phone'],
  ]);
});

test('a limit refuses only joins that add values beyond it', () => {
  // Six sessions gathered by email carry 6 cookies (anonymous_id allows 20; here 2):
  // the email link stands, since cookies are counted only from their own turn on,
  // and a cookie-only session joins because it brings no new cookie.
  const compiled = rules({
    identifierTypes: [
      { name: 'email', normalizer: 'email', maxPerProfile: 5 },
      { name: 'anonymous_id', normalizer: 'id', maxPerProfile: 2 },
    ],
    sources: {},
  });
  const records: IdentityRecord[] = Array.from({ length: 6 }, (_, i) => ({ key: `s${i}`, identifiers: { email: 'a@b.com', anonymous_id: `c${i}` } }));
  records.push({ key: 'anon', identifiers: { anonymous_id: 'c3' } });
  records.push({ key: 'other', identifiers: { anonymous_id: 'c3', email: 'z@b.com' } });
  const resolution = resolve(records, compiled);
  // 'other' brings a second email (2 <= 5) and no new cookie (6 = the largest part's 6): it joins.
  assert.deepEqual(partition(resolution), [['anon', 'other', 's0', 's1', 's2', 's3', 's4', 's5']]);

  const strict = rules({
    identifierTypes: [
      { name: 'email', normalizer: 'email', maxPerProfile: 1 },
      { name: 'anonymous_id', normalizer: 'id', maxPerProfile: 2 },
    ],
    sources: {},
  });
  // With one email allowed, c3 would join a@b.com and z@b.com: refused for every carrier, 'anon' included.
  assert.deepEqual(partition(resolve(records, strict)), [['anon'], ['other'], ['s0', 's1', 's2', 's3', 's4', 's5']]);
});

test('the over-merge guard splits along the weakest links and reports it', () => {
  const resolution = resolve(
    [
      { key: 'r1', identifiers: { email: 'e@x.com', anonymous_id: 'd' } },
      { key: 'r2', identifiers: { email: 'e@x.com' } },
      { key: 'r3', identifiers: { anonymous_id: 'd' } },
      { key: 'r4', identifiers: { anonymous_id: 'd' } },
    ],
    rules({ maxRecordsPerProfile: 3 }),
  );
  assert.deepEqual(partition(resolution), [['r1', 'r2'], ['r3'], ['r4']]);
  const report = buildQualityReport(resolution);
  assert.equal(report.oversizedComponents, 1);
  assert.deepEqual(report.droppedLinks, [{ type: 'anonymous_id', reason: 'max_records', limitType: null, values: 1, occurrences: 3 }]);
});

/** Synthetic people plus a shared device and junk, so refusals happen and order could matter. */
function contested(): IdentityRecord[] {
  const { records } = syntheticPeople(300, 5);
  const extra: IdentityRecord[] = [];
  for (let p = 0; p < 300; p += 9) extra.push({ key: `web_sessions:kiosk-${p}`, identifiers: { anonymous_id: 'kiosk', email: `person${p}@example${p % 7}.org` } });
  for (let p = 0; p < 300; p += 31) extra.push({ key: `crm_contacts:dup-${p}`, identifiers: { crm_id: `dup-${p}`, phone: `(212) 55${p % 10}-${String(1000 + p).slice(-4)}`, email: `person${p + 1}@example${(p + 1) % 7}.org` } });
  extra.push({ key: 'crm_contacts:junk', identifiers: { crm_id: 'junk', email: 'N/A', phone: '000-000-0000' } });
  return [...records, ...extra];
}

test('the result does not depend on input order', () => {
  const records = contested();
  const expected = partition(resolve(records));
  assert.ok(droppedLinks(resolve(records)).length > 0, 'the fixture must contain refused links');
  for (let seed = 1; seed <= 5; seed++) {
    const reordered = shuffled(records, seed).map((record) => ({
      key: record.key,
      identifiers: Object.fromEntries(shuffled(Object.entries(record.identifiers), seed)),
    }));
    assert.deepEqual(partition(resolve(reordered)), expected, `seed ${seed}`);
  }
});

test('recomputing a subset of candidate components equals the full run', () => {
  const compiled = rules();
  const input = identityInputFromRecords(contested(), compiled);
  const full = resolveIdentities(input, compiled);
  const kioskCandidate = full.candidateOf[input.recordKeys.indexOf('web_sessions:kiosk-0')];
  const chosen: number[] = [];
  for (let r = 0; r < input.recordKeys.length; r++) {
    if (full.candidateOf[r] % 3 === 0 || full.candidateOf[r] === kioskCandidate) chosen.push(r);
  }
  const subset = resolveIdentities(subsetIdentityInput(input, shuffled(chosen, 3)), compiled);
  const chosenKeys = new Set(chosen.map((r) => input.recordKeys[r]));
  const fullRestricted = partition(full).filter((group) => chosenKeys.has(group[0]));
  assert.ok(fullRestricted.every((group) => group.every((key) => chosenKeys.has(key))));
  assert.deepEqual(partition(subset), fullRestricted);
  assert.ok(droppedLinks(subset).length > 0, 'the subset must include refused links');
});
