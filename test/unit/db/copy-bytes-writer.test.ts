import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COPY_INTEGER_LENGTH, COPY_NEWLINE, COPY_TAB, CopyBytesWriter } from '../../../db/copy-bytes-writer.js';

test('writes integers of every size and copied bytes as COPY lines, starting a new chunk when a row would not fit', () => {
  const integers = [0, 7, 10, 99, 2 ** 31 - 1, 2 ** 31, 1_515_100, 2 ** 53 - 1, -5, -(2 ** 40)];
  const writer = new CopyBytesWriter(64);
  const chunks: Uint8Array[] = [];
  const key = Buffer.from('web_sessions\tS\\\\1\t');
  for (const value of integers) {
    const full = writer.reserve(key.length + 2 * COPY_INTEGER_LENGTH);
    if (full !== null) chunks.push(full);
    writer.bytes(key, 0, key.length);
    writer.integer(value, COPY_TAB);
    writer.integer(value * 2, COPY_NEWLINE);
  }
  chunks.push(writer.finish());
  assert.ok(chunks.length > 3, 'small chunks roll over');
  for (const chunk of chunks) assert.equal(chunk[chunk.length - 1], COPY_NEWLINE, 'every chunk ends with a whole line');
  const text = Buffer.concat(chunks).toString('utf8');
  assert.equal(text, integers.map((value) => `web_sessions\tS\\\\1\t${value}\t${value * 2}\n`).join(''));
});
