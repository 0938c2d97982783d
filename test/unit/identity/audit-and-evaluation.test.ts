import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffResolutions } from '../../../core/identity/diff-resolutions.js';
import { evaluatePairwise } from '../../../core/identity/evaluate-pairwise.js';
import { explainConnection, explainProfile } from '../../../core/identity/explain-profile.js';
import { linkableComponents } from '../../../core/identity/linkable-components.js';
import { buildQualityReport } from '../../../core/identity/quality-report.js';
import { duplicateContactRules, resolve, rules } from './identity-fixtures.js';

test('audit: the links that joined a profile, and the chain between two records', () => {
  const resolution = resolve([
    { key: 'crm_contacts:1', identifiers: { crm_id: '1', email: 'ann@x.com', phone: '212 555 0147' } },
    { key: 'web_sessions:1', identifiers: { anonymous_id: 'd', email: 'Ann@x.com' } },
    { key: 'web_sessions:2', identifiers: { anonymous_id: 'd' } },
    { key: 'crm_contacts:2', identifiers: { crm_id: '2', phone: '+12125550147', email: 'test@test.com' } },
    { key: 'crm_contacts:3', identifiers: { crm_id: '3', email: 'test@test.com' } },
  ], duplicateContactRules());
  const explanation = explainProfile(resolution, resolution.profileOf[0]);
  assert.deepEqual(explanation.recordKeys, ['crm_contacts:1', 'crm_contacts:2', 'web_sessions:1', 'web_sessions:2']);
  assert.deepEqual(
    explanation.links.map((link) => [link.status, link.type, link.value, link.recordKeys.join(' ')]),
    [
      ['linked', 'email', 'ann@x.com', 'crm_contacts:1 web_sessions:1'],
      ['linked', 'phone', '+12125550147', 'crm_contacts:1 crm_contacts:2'],
      ['linked', 'anonymous_id', 'd', 'web_sessions:1 web_sessions:2'],
      ['blocked', 'email', 'test@test.com', 'crm_contacts:2 crm_contacts:3'],
    ],
  );
  const chain = explainConnection(explanation, 'web_sessions:2', 'crm_contacts:2');
  assert.deepEqual(chain?.map((link) => link.value), ['d', 'ann@x.com', '+12125550147']);
  assert.equal(explainConnection(explanation, 'web_sessions:2', 'crm_contacts:3'), null);
});

test('audit: a refused link is shown with the limit it would have broken', () => {
  const records = [0, 1, 2].flatMap((p) => [
    { key: `crm_contacts:${p}`, identifiers: { crm_id: String(p), email: `p${p}@x.com` } },
    { key: `web_sessions:${p}`, identifiers: { anonymous_id: 'kiosk', email: `p${p}@x.com` } },
  ]);
  const resolution = resolve(records, duplicateContactRules());
  // Three people fit every limit, so the kiosk joins them: the guard is the limits, not a magic count.
  assert.equal(resolution.profileCount, 1);
  const oneContactEach = rules({
    identifierTypes: [
      { name: 'crm_id', normalizer: 'id', maxPerProfile: 1 },
      { name: 'email', normalizer: 'email', maxPerProfile: 5 },
      { name: 'anonymous_id', normalizer: 'id', maxPerProfile: 20 },
    ],
    sources: {},
  });
  const strict = resolve(records, oneContactEach);
  const links = explainProfile(strict, strict.profileOf[0]).links;
  assert.deepEqual(links.map((link) => [link.status, link.value, link.limitType, link.recordKeys.length]), [
    ['linked', 'p0@x.com', null, 2],
    ['dropped_limit', 'kiosk', 'crm_id', 3],
  ]);
});

test('pairwise evaluation on a hand-computed case', () => {
  const predicted = Int32Array.from([0, 0, 0, 1, 1, 2]);
  const truth = Int32Array.from([0, 0, 1, 1, 1, 2]);
  const linkable = Int32Array.from([0, 0, 1, 2, 2, 3]);
  assert.deepEqual(evaluatePairwise(predicted, truth, linkable), {
    predictedPairs: 4,
    truePairs: 4,
    linkablePairs: 2,
    correctPairs: 2,
    correctLinkablePairs: 2,
    precision: 0.5,
    linkableRecall: 1,
    recall: 0.5,
  });
});

test('linkable components follow only a person’s own non-blocked identifiers', () => {
  const resolution = resolve([
    { key: 'r0', identifiers: { email: 'a@x.com' } },
    { key: 'r1', identifiers: { email: 'a@x.com' } },
    { key: 'r2', identifiers: { email: 'a@x.com', phone: '212 555 0147' } },
    { key: 'r3', identifiers: { phone: '(212) 555-0147' } },
    { key: 'r4', identifiers: { email: 'test@test.com' } },
    { key: 'r5', identifiers: { email: 'test@test.com' } },
  ]);
  const truth = Int32Array.from([0, 1, 0, 0, 0, 0]);
  const labels = linkableComponents(resolution, truth);
  assert.deepEqual([...labels], [0, 1, 0, 0, 2, 3]);
  const evaluation = evaluatePairwise(resolution.profileOf, truth, labels);
  // Predicted {r0 r1 r2 r3}: 6 pairs, 3 true (r0 r2 r3); linkable pairs 3, all found; true pairs 10.
  assert.deepEqual([evaluation.predictedPairs, evaluation.correctPairs, evaluation.linkablePairs, evaluation.truePairs], [6, 3, 3, 10]);
});

test('diff of two resolutions lists merges and splits', () => {
  const before = [0, 0, 1, 1, 2, -1, 3, 4];
  const after = [0, 0, 0, 1, 2, 2, 3, -1];
  assert.deepEqual(diffResolutions(before, after), {
    merges: [{ after: 0, before: [0, 1] }],
    splits: [{ before: 1, after: [0, 1] }],
    unchangedProfiles: 1,
    addedRecords: 1,
    removedRecords: 1,
  });
});

test('quality report distribution and histogram', () => {
  const resolution = resolve([
    { key: 'a', identifiers: { email: 'a@x.com', phone: 'not a phone' } },
    { key: 'b', identifiers: { email: 'a@x.com' } },
    { key: 'c', identifiers: { email: 'a@x.com' } },
    { key: 'd', identifiers: { email: 'd@x.com' } },
  ]);
  const report = buildQualityReport(resolution, { largestProfiles: 1, sampleRecordKeys: 2 });
  assert.deepEqual(report.recordsPerProfile, { min: 1, median: 3, p90: 3, p99: 3, max: 3, mean: 2 });
  assert.deepEqual(report.histogram.slice(0, 4).map((bucket) => [bucket.min, bucket.max, bucket.profiles]), [[1, 1, 1], [2, 2, 0], [3, 3, 1], [4, 5, 0]]);
  assert.deepEqual(report.largestProfiles, [{ profile: 0, records: 3, sampleRecordKeys: ['a', 'b'] }]);
  assert.equal(report.invalidByType.phone, 1);
});
