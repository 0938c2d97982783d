import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildQualityReport } from '../../../core/identity/quality-report.js';
import { resolve, rules, sameProfile } from './identity-fixtures.js';

const email = 2;
const phone = 3;
const anonymous = 4;

test('built-in junk values are blocked', () => {
  const { isBlocked, normalizers } = rules();
  for (const raw of ['', 'null', 'undefined', 'N/A', 'Test@Test.com', 'noemail@shop.com', 'unknown']) {
    const value = normalizers[email](raw);
    assert.ok(value === null || isBlocked(email, value), raw);
  }
  for (const raw of ['-1', 'anonymous', '00000000-0000-0000-0000-000000000000', 'xxxx']) assert.ok(isBlocked(anonymous, normalizers[anonymous](raw)!), raw);
  assert.ok(isBlocked(phone, '+10000000000'));
  assert.ok(isBlocked(phone, '+15555555555'));
  assert.ok(isBlocked(phone, '+11234567890'));
  assert.equal(isBlocked(phone, '+12125550147'), false);
  assert.equal(isBlocked(email, 'jane@example.com'), false);
});

test('user values and regexes are blocked; per-type values are normalized first', () => {
  const { isBlocked } = rules({
    blocked: { values: ['Front-Desk@Hotel.com'], patterns: ['^kiosk-'], valuesByType: { phone: ['(212) 555-0199'] } },
  });
  assert.ok(isBlocked(email, 'front-desk@hotel.com'));
  assert.ok(isBlocked(anonymous, 'KIOSK-7'));
  assert.ok(isBlocked(phone, '+12125550199'));
  assert.equal(isBlocked(phone, '+12125550147'), false);
});

test('builtin: false turns the built-in list off', () => {
  assert.equal(rules({ blocked: { builtin: false } }).isBlocked(email, 'test@test.com'), false);
});

test('blocked values never link records and are counted', () => {
  const resolution = resolve([
    { key: 'crm_contacts:1', identifiers: { crm_id: '1', email: 'test@test.com' } },
    { key: 'crm_contacts:2', identifiers: { crm_id: '2', email: 'TEST@test.com ' } },
    { key: 'web_sessions:1', identifiers: { anonymous_id: 'null', email: 'a@b.co' } },
    { key: 'web_sessions:2', identifiers: { anonymous_id: 'null', email: 'c@d.co' } },
  ]);
  assert.equal(resolution.profileCount, 4);
  assert.equal(sameProfile(resolution, 'crm_contacts:1', 'crm_contacts:2'), false);
  const report = buildQualityReport(resolution);
  assert.equal(report.blockedOccurrences, 4);
  assert.deepEqual(report.blockedValues, [
    { type: 'anonymous_id', value: 'null', occurrences: 2 },
    { type: 'email', value: 'test@test.com', occurrences: 2 },
  ]);
});
