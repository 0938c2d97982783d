import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assignStableProfileIds, profileComponents } from '../../../core/identity/assign-stable-profile-ids.js';
import type { PreviousIdentityMap, StableProfileIds } from '../../../core/identity/assign-stable-profile-ids.js';
import type { IdentityRecord } from '../../../core/identity/identity-input.js';
import { hashString } from '../../../core/identity/intern-identifiers.js';
import { resolve, shuffled, syntheticPeople } from './identity-fixtures.js';

/** Ids are allocated upwards, so a smaller id is an older profile. */
function counter(start: number): () => number {
  let next = start;
  return () => next++;
}

function idsByKey(records: readonly IdentityRecord[], assigned: StableProfileIds): Map<string, number> {
  return new Map(records.map((record, r) => [record.key, assigned.profileIdOf[r]]));
}

function previousFrom(records: readonly IdentityRecord[], ids: ReadonlyMap<string, number>, liveIds: readonly number[]): PreviousIdentityMap {
  return { profileIdOf: records.map((record) => ids.get(record.key) ?? -1), profileIds: liveIds };
}

const noPrevious = (records: readonly IdentityRecord[]): PreviousIdentityMap => ({ profileIdOf: records.map(() => -1), profileIds: [] });

test('two full runs of the same data, in any order, hand out identical ids', () => {
  const { records } = syntheticPeople(200, 3);
  const first = idsByKey(records, assignStableProfileIds(profileComponents(resolve(records)), noPrevious(records), counter(1)));
  const reordered = shuffled(records, 9);
  const second = idsByKey(reordered, assignStableProfileIds(profileComponents(resolve(reordered)), noPrevious(reordered), counter(1)));
  assert.deepEqual(second, first);
});

test('a refresh with unchanged data keeps every id and reports no changes', () => {
  const { records } = syntheticPeople(100, 4);
  const firstRun = assignStableProfileIds(profileComponents(resolve(records)), noPrevious(records), counter(1));
  const previous = previousFrom(records, idsByKey(records, firstRun), firstRun.createdIds);
  const secondRun = assignStableProfileIds(profileComponents(resolve(records)), previous, counter(1000));
  assert.deepEqual(secondRun.profileIdOf, firstRun.profileIdOf);
  assert.deepEqual(secondRun.changes, []);
  assert.deepEqual(secondRun.createdIds, []);
  const verbose = assignStableProfileIds(profileComponents(resolve(records)), previous, counter(1000), { includeUnchanged: true });
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
  const [old, young] = [1, 2];
  const previousIds = new Map([
    ['crm_contacts:1', young],
    ['product_users:u1', young],
    ['web_sessions:1', old],
  ]);
  const previous = previousFrom(records, previousIds, [old, young]);
  const result = assignStableProfileIds(profileComponents(resolve(records)), previous, counter(100));
  assert.deepEqual(Array.from(result.profileIdOf), [old, old, old, old]);
  assert.deepEqual(result.changes, [
    { kind: 'updated', profileId: old, reason: 'gained 3 records, lost 0' },
    { kind: 'merged', profileId: young, intoProfileId: old, reason: 'joined an older profile' },
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
  const [gone, kept] = [4, 5];
  const previousIds = new Map(records.slice(0, 5).map((record) => [record.key, kept]));
  const previous = previousFrom(records, previousIds, [kept, gone]);
  const result = assignStableProfileIds(profileComponents(resolve(records)), previous, counter(10));
  const ids = idsByKey(records, result);
  assert.equal(ids.get('b1'), kept);
  // Fresh ids go by the hash of each part's smallest record key (then the key): a1 versus c1.
  const aFirst = hashString('a1') < hashString('c1');
  const [aId, cId] = aFirst ? [10, 11] : [11, 10];
  assert.equal(ids.get('a1'), aId);
  assert.equal(ids.get('c1'), cId);
  assert.deepEqual(result.createdIds, [10, 11]);
  // a1's part split off the old profile; c1 is a new record.
  assert.deepEqual(result.splitOffIds, [aId]);
  assert.deepEqual(result.changes, [
    { kind: 'updated', profileId: kept, reason: 'gained 0 records, lost 2' },
    { kind: 'removed', profileId: gone, reason: 'no records left' },
    { kind: 'split', profileId: kept, intoProfileId: aId, reason: '2 records moved' },
  ]);
});

test('a split into equal parts keeps the id on the part with the smallest record key', () => {
  const records: IdentityRecord[] = [
    { key: 'y', identifiers: { email: 'y@x.com' } },
    { key: 'x', identifiers: { email: 'x@x.com' } },
  ];
  const previous = previousFrom(records, new Map([['x', 5], ['y', 5]]), [5]);
  const ids = idsByKey(records, assignStableProfileIds(profileComponents(resolve(records)), previous, counter(10)));
  assert.equal(ids.get('x'), 5);
  assert.equal(ids.get('y'), 10);
});
