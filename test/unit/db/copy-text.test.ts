import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeCopyLine, encodeCopyRow, encodeCopyValue } from '../../../db/copy-text.js';
import { createRandom } from '../../../core/random.js';

describe('COPY text format', () => {
  it('encodes NULL, numbers, booleans, dates and escapes', () => {
    assert.equal(encodeCopyValue(null), '\\N');
    assert.equal(encodeCopyValue(undefined), '\\N');
    assert.equal(encodeCopyValue(1.5), '1.5');
    assert.equal(encodeCopyValue(true), 't');
    assert.equal(encodeCopyValue(new Date('2026-01-02T03:04:05Z')), '2026-01-02T03:04:05.000Z');
    assert.equal(encodeCopyValue('a\tb\nc\\d\re'), 'a\\tb\\nc\\\\d\\re');
    assert.throws(() => encodeCopyValue(Number.NaN), RangeError);
  });

  it('decodes what it encodes, for any text (property check)', () => {
    const random = createRandom(11);
    const alphabet = ['a', 'Z', ' ', '\t', '\n', '\r', '\\', 'N', 'é', '"', ',', '\u2603'];
    for (let trial = 0; trial < 500; trial++) {
      const row = Array.from({ length: 1 + random.int(5) }, () =>
        random.next() < 0.1 ? null : Array.from({ length: random.int(8) }, () => alphabet[random.int(alphabet.length)]).join(''),
      );
      const line = encodeCopyRow(row);
      assert.ok(line.endsWith('\n') && !line.slice(0, -1).includes('\n'));
      assert.deepEqual(decodeCopyLine(line.slice(0, -1)), row);
    }
  });

  it('keeps the literal text \\N apart from NULL', () => {
    assert.deepEqual(decodeCopyLine(encodeCopyRow(['\\N', null]).slice(0, -1)), ['\\N', null]);
  });
});
