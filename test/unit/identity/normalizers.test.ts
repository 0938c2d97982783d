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
  const forms = [
    (): string => digits(10),
    (): string => `+1 ${digits(3)}-${digits(3)}-${digits(4)}`,
    (): string => `1 (${digits(3)}) ${digits(7)}`,
    // Leading zeros: "00" and "0" prefixes are invalid with a NANP default, "011" is the international prefix.
    (): string => `00${digits(1 + random.int(12))}`,
    (): string => `0${digits(7 + random.int(6))}`,
    (): string => `011 ${random.int(2) === 0 ? '1' : '44'} ${digits(10)}`,
  ];
  for (let i = 0; i < 6000; i++) {
    const raw = forms[i % forms.length]();
    const parsed = parsePhoneNumberFromString(raw, 'US');
    const expected = parsed !== undefined && parsed.isValid() ? parsed.number : null;
    assert.equal(phone(raw), expected, raw);
  }
});
