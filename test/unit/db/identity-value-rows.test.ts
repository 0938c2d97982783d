import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Buffer } from 'node:buffer';
import { valueText } from '../../../db/repositories/identity-value-rows.js';

test('value rows: the key, then the carrier record as source and escaped id; blocked values get none', () => {
  const keys = ['crm_contacts\tC1\t', 'web_sessions\ta\\tb\t', 'web_sessions\tS2\t'].map((text) => Buffer.from(text, 'utf8'));
  const ends = new Uint32Array(keys.length);
  keys.reduce((end, key, r) => (ends[r] = end + key.length), 0);
  const rows = {
    valueType: Uint8Array.of(0, 2, 4),
    valueHash: Uint32Array.of(7, 0xffffffff, 12),
    valueBlocked: Uint8Array.of(0, 0, 1),
    valueCarrier: Int32Array.of(2, 1, 0),
    mapKeyText: Buffer.concat(keys),
    mapKeyTextEnd: ends,
  };
  const text = Buffer.concat([...valueText('run-1\t', rows)]).toString('utf8');
  assert.equal(text, `run-1\t7\tweb_sessions\tS2\nrun-1\t${2 * 2 ** 32 + 0xffffffff}\tweb_sessions\ta\\tb\n`);
});
