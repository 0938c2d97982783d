import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Buffer } from 'node:buffer';
import { createRandom } from '../../../core/random.js';
import { StringRecordKeys } from '../../../core/identity/record-keys.js';
import { encodeCopyValue } from '../../../db/copy-text.js';
import { CopyTextRecordKeys } from '../../../db/copy-text-record-keys.js';

/** Keys as the identity reader stores them: `source<TAB>escaped id<TAB>` back to back, and each one's end. */
function copyTextKeys(keys: readonly string[]): CopyTextRecordKeys {
  const parts = keys.map((key) => {
    const colon = key.indexOf(':');
    return Buffer.from(`${key.slice(0, colon)}\t${encodeCopyValue(key.slice(colon + 1))}\t`, 'utf8');
  });
  const ends = new Uint32Array(parts.length);
  parts.reduce((end, part, r) => (ends[r] = end + part.length), 0);
  return new CopyTextRecordKeys(Buffer.concat(parts), ends);
}

test('keys read back from COPY text as written, escapes and non-ASCII included', () => {
  const keys = ['crm:C1', 'web:a\tb', 'web:back\\slash', 'web:new\nline', 'web:Ünï😀', 'product:', 'web:C1'];
  assert.deepEqual(copyTextKeys(keys).toArray(), keys);
  assert.equal(copyTextKeys(keys).key(4), 'web:Ünï😀');
});

test('compare is a total order consistent with key equality; hash agrees on equal keys', () => {
  const random = createRandom(11);
  const pieces = ['a', 'b', 'Z', '0', '9', '\t', '\\', 'é', ':'];
  const keys = Array.from({ length: 400 }, () => {
    let id = '';
    for (let i = random.int(4); i > 0; i--) id += pieces[random.int(pieces.length)];
    return `${['crm', 'web', 'webx'][random.int(3)]}:${id}`;
  });
  const bytes = copyTextKeys(keys);
  for (let i = 0; i < 4000; i++) {
    const a = random.int(keys.length);
    const b = random.int(keys.length);
    const c = random.int(keys.length);
    assert.ok(Math.sign(bytes.compare(a, b)) === -Math.sign(bytes.compare(b, a)), `antisymmetric: ${keys[a]} / ${keys[b]}`);
    assert.equal(bytes.compare(a, b) === 0, keys[a] === keys[b], `${keys[a]} / ${keys[b]}`);
    if (keys[a] === keys[b]) assert.equal(bytes.hash(a), bytes.hash(b));
    if (bytes.compare(a, b) < 0 && bytes.compare(b, c) < 0) assert.ok(bytes.compare(a, c) < 0, 'transitive');
  }
});

test('for plain ASCII keys of one source, byte order is string order', () => {
  const keys = ['web:S10', 'web:S9', 'web:S1', 'web:s1', 'web:S', 'web:S100'];
  const strings = new StringRecordKeys(keys);
  const bytes = copyTextKeys(keys);
  for (let a = 0; a < keys.length; a++) {
    for (let b = 0; b < keys.length; b++) assert.equal(Math.sign(bytes.compare(a, b)), Math.sign(strings.compare(a, b)), `${keys[a]} / ${keys[b]}`);
  }
});
