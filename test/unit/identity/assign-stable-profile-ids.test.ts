import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assignStableProfileIds, profileComponents } from '../../../core/identity/assign-stable-profile-ids.js';
import type { PreviousIdentityMap, StableProfileIds } from '../../../core/identity/assign-stable-profile-ids.js';
import type { IdentityRecord } from '../../../core/identity/identity-input.js';
import { hashString } from '../../../core/identity/intern-identifiers.js';
import { resolve, shuffled, syntheticPeople } from './identity-fixtures.js';

function counter(prefix: string, start = 1): () => string {
  let next = start;
  return () => `${prefix}${next++}`;
}

function idsByKey(records: readonly IdentityRecord[], assigned: StableProfileIds): Map<string, string> {
  return new Map(records.map((record, r) => [record.key, assigned.profileIdOf[r]]));
}

function previousFrom(records: readonly IdentityRecord[], ids: ReadonlyMap<string, string>, createdOrder: ReadonlyMap<string, number>): PreviousIdentityMap {
  return { profileIdOf: records.map((record) => ids.get(record.key) ?? null), createdOrder };
}

const noPrevious = (records: readonly IdentityRecord[]): PreviousIdentityMap => ({ profileIdOf: records.map(() => null), createdOrder: new Map() });

test('two full runs of the same data, in any order, hand out identical ids', () => {
  const { records } = syntheticPeople(200, 3);
  const first = idsByKey(records, assignStableProfileIds(profileComponents(resolve(records)), noPrevious(records), counter('p')));
  const reordered = shuffled(records, 9);
  const second = idsByKey(reordered, assignStableProfileIds(profileComponents(resolve(reordered)), noPrevious(reordered), counter('p')));
  assert.deepEqual(second, first);
});

test('a refresh with unchanged data keeps every id and reports no changes', () => {
  const { records } = syntheticPeople(100, 4);
  const firstRun = assignStableProfileIds(profileComponents(resolve(records)), noPrevious(records), counter('p'));
  const createdOrder = new Map(firstRun.createdIds.map((id, i) => [id, i]));
  const previous = previousFrom(records, idsByKey(records, firstRun), createdOrder);
  const secondRun = assignStableProfileIds(profileComponents(resolve(records)), previous, counter('q'));
  assert.deepEqual(secondRun.profileIdOf, firstRun.profileIdOf);
  assert.deepEqual(secondRun.changes, []);
  assert.deepEqual(secondRun.createdIds, []);
  const verbose = assignStableProfileIds(profileComponents(resolve(records)), previous, counter('q'), { includeUnchanged: true });
  assert.equal(verbose.changes.length, firstRun.createdIds.length);
  assert.ok(verbose.changes.every((change) => change.kind === 'unchanged'));
});

test('when two profiles merge the older id survives', () => {
  const records: IdentityRecord[] = [
    { key: 'crm_contacts:1', identifiers: { crm_id: '1', email: 'ann@x.com' } },
    { key: 'product_users:u1', identifiers: { product_user_id: 'u1', email: 'ann@x.com' } },
    { key: 'web_sessions:1', identifiers: { anonymous_id: 'd1' } },
    { key: 'web_sessions:2', identifiers: { anonymous_id: 'd1', email: 'ANN@x.com' } },
  ];
  const previousIds = new Map([
    ['crm_contacts:1', 'young'],
    ['product_users:u1', 'young'],
    ['web_sessions:1', 'old'],
  ]);
  const previous = previousFrom(records, previousIds, new Map([['old', 1], ['young', 2]]));
  const result = assignStableProfileIds(profileComponents(resolve(records)), previous, counter('new'));
  assert.deepEqual(result.profileIdOf, ['old', 'old', 'old', 'old']);
  assert.deepEqual(result.changes, [
    { kind: 'updated', profileId: 'old', reason: 'gained 3 records, lost 0' },
    { kind: 'merged', profileId: 'young', intoProfileId: 'old', reason: 'joined an older profile' },
  ]);
});

test('when a profile splits the largest part keeps the id', () => {
  const records: IdentityRecord[] = [
    { key: 'a1', identifiers: { email: 'a@x.com' } },
    { key: 'a2', identifiers: { email: 'a@x.com' } },
    { key: 'b1', identifiers: { email: 'b@x.com' } },
    { key: 'b2', identifiers: { email: 'b@x.com' } },
    { key: 'b3', identifiers: { email: 'b@x.com' } },
    { key: 'c1', identifiers: { email: 'c@x.com' } },
  ];
  const previousIds = new Map(records.slice(0, 5).map((record) => [record.key, 'P']));
  const previous = previousFrom(records, previousIds, new Map([['P', 1], ['gone', 0]]));
  const result = assignStableProfileIds(profileComponents(resolve(records)), previous, counter('n'));
  const ids = idsByKey(records, result);
  assert.equal(ids.get('b1'), 'P');
  // Fresh ids go by the hash of each part's smallest record key (then the key): a1 versus c1.
  const aFirst = hashString('a1') < hashString('c1');
  const [aId, cId] = aFirst ? ['n1', 'n2'] : ['n2', 'n1'];
  assert.equal(ids.get('a1'), aId);
  assert.equal(ids.get('c1'), cId);
  assert.deepEqual(result.createdIds, ['n1', 'n2']);
  const created = [
    { kind: 'created', profileId: aId, reason: 'split off an existing profile' },
    { kind: 'created', profileId: cId, reason: 'new records' },
  ];
  assert.deepEqual(result.changes, [
    ...(aFirst ? created : created.reverse()),
    { kind: 'updated', profileId: 'P', reason: 'gained 0 records, lost 2' },
    { kind: 'removed', profileId: 'gone', reason: 'no records left' },
    { kind: 'split', profileId: 'P', intoProfileId: aId, reason: '2 records moved' },
  ]);
});

test('a split into equal parts keeps the id on the part with the smallest record key', () => {
  const records: IdentityRecord[] = [
    { key: 'y', identifiers: { email: 'y@x.com' } },
    { key: 'x', identifiers: { email: 'x@x.com' } },
  ];
  const previous = previousFrom(records, new Map([['x', 'P'], ['y', 'P']]), new Map([['P', 1]]));
  const ids = idsByKey(records, assignStableProfileIds(profileComponents(resolve(records)), previous, counter('n')));
  assert.equal(ids.get('x'), 'P');
  assert.equal(ids.get('y'), 'n1');
});
