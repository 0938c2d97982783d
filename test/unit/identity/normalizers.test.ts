import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { createRandom } from '../../../core/random.js';
import { normalizeEmail, normalizeId } from '../../../core/identity/normalizers.js';
import { createPhoneNormalizer } from '../../../core/identity/phone-normalizer.js';

test('emails are trimmed and lowercased; no @ means invalid, blank means empty', () => {
  assert.equal(normalizeEmail('  Jane.Doe@Example.COM \t'), 'jane.doe@example.com');
  assert.equal(normalizeEmail('jane.doe@example.com'), 'jane.doe@example.com');
  assert.equal(normalizeEmail('not an email'), null);
  assert.equal(normalizeEmail('   '), '');
});

test('ids are only trimmed and stay case-sensitive', () => {
  assert.equal(normalizeId('  AbC-123 '), 'AbC-123');
});

test('phone formats of one number give the same E.164', () => {
  const phone = createPhoneNormalizer('US');
  for (const raw of ['(212) 555-0147', '212-555-0147', '212.555.0147', '+1 212 555 0147', '1 (212) 555-0147', '2125550147', ' +12125550147 ']) {
    assert.equal(phone(raw), '+12125550147', raw);
  }
  assert.equal(phone('+44 20 7946 0958'), '+442079460958');
});

test('the default country decides national numbers', () => {
  assert.equal(createPhoneNormalizer('GB')('020 7946 0958'), '+442079460958');
  assert.equal(createPhoneNormalizer('DE')('030 123456'), '+4930123456');
});

test('invalid phones normalize to null', () => {
  const phone = createPhoneNormalizer('US');
  for (const raw of ['123', 'n/a', '555-0147', '+1 012 555 0147', '(212) 555-014', 'call me']) assert.equal(phone(raw), null, raw);
});

test('the fast phone path agrees with libphonenumber-js on random numbers', () => {
  const phone = createPhoneNormalizer('US');
  const random = createRandom(7);
  const digits = (n: number): string => Array.from({ length: n }, () => String(random.int(10))).join('');
  for (let i = 0; i < 3000; i++) {
    const raw = i % 3 === 0 ? digits(10) : i % 3 === 1 ? `+1 ${digits(3)}-${digits(3)}-${digits(4)}` : `1 (${digits(3)}) ${digits(7)}`;
    const parsed = parsePhoneNumberFromString(raw, 'US');
    const expected = parsed !== undefined && parsed.isValid() ? parsed.number : null;
    assert.equal(phone(raw), expected, raw);
  }
});
