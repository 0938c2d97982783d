import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRandom } from '../../../core/random.js';
import { IdentifierInterner } from '../../../core/identity/intern-identifiers.js';
import { decodeCopyValue, encodeCopyValue } from '../../../db/copy-text.js';
import { IdentityRecordCollector } from '../../../db/repositories/identity-record-collector.js';
import { rules } from '../identity/identity-fixtures.js';

// Pieces that exercise every branch of the byte path: case, edge whitespace,
// '@' or not, COPY escapes, non-ASCII letters and spaces, blocked junk.
const pieces = ['a', 'Z', 'jane', 'DOE', '@', '.', '-', '0', '7', ' ', '\t', '\v', '\f', '\\', '\n', 'é', '\u00a0', 'Ünï', '😀', 'n/a', 'NULL', '+1 212 555 01', '(212)'];

function randomField(random: ReturnType<typeof createRandom>): string | null {
  if (random.int(12) === 0) return null;
  let field = '';
  const length = random.int(6);
  for (let i = 0; i < length; i++) field += pieces[random.int(pieces.length)];
  return field;
}

test('parsing COPY bytes gives exactly the values, hashes, ids and invalid counts of normalizing the decoded text', () => {
  const compiled = rules();
  const random = createRandom(5);
  // Columns: key, profile_id, candidate_id, ingest_seq, then one per type (email, phone and ids among them).
  const types = compiled.typeNames.map((_, type) => type);
  const lines: string[] = [];
  const expected = new IdentifierInterner(compiled);
  const expectedKeys: string[] = [];
  for (let r = 0; r < 3000; r++) {
    const key = `src:${randomField(random) ?? 'k'}${r}`;
    const fields = types.map(() => {
      // Repeat earlier values often, so lookups of known values are tested too.
      const field = randomField(random);
      return random.int(3) === 0 && field !== null ? field.toUpperCase() : field;
    });
    expectedKeys.push(key);
    for (const [type, field] of fields.entries()) if (field !== null) expected.add(type, field);
    const profile = random.int(2) === 0 ? null : random.int(1_000_000_000);
    lines.push([key, profile, profile, r + 1, ...fields].map((value) => encodeCopyValue(value)).join('\t') + '\n');
  }
  const collector = new IdentityRecordCollector(compiled, 0);
  // Chunks of whole lines, as the reader gets them.
  for (let start = 0; start < lines.length; start += 250) collector.parse(Buffer.from(lines.slice(start, start + 250).join(''), 'utf8'), types);
  const records = collector.finish();
  const want = expected.finish();
  const got = records.input.identifiers;
  assert.deepEqual(records.input.recordKeys.toArray(), expectedKeys);
  assert.deepEqual(got.values, want.values);
  assert.deepEqual(got.valueHash, want.valueHash);
  assert.deepEqual(got.valueBlocked, want.valueBlocked);
  assert.deepEqual(got.valueOfOccurrence, want.valueOfOccurrence);
  assert.deepEqual(got.invalidByType, want.invalidByType);
  assert.ok(want.valueCount > 1000 && want.invalidByType.some((count) => count > 0), 'the sample holds many values and some invalid ones');
  // Each record's map row key, `source<TAB>record_id<TAB>`, escaped as COPY wants it.
  const mapKeys: string[] = [];
  for (let r = 0, start = 0; r < records.mapKeyTextEnd.length; start = records.mapKeyTextEnd[r++]) {
    mapKeys.push(Buffer.from(records.mapKeyText.subarray(start, records.mapKeyTextEnd[r])).toString('utf8'));
  }
  assert.deepEqual(mapKeys, expectedKeys.map((key) => `src\t${encodeCopyValue(key.slice('src:'.length))}\t`));
  // Integers and NULLs of the map columns.
  const profiles = lines.map((line) => decodeCopyValue(line.split('\t')[1]));
  assert.deepEqual(Array.from(records.previousProfile), profiles.map((value) => (value === null ? -1 : Number(value))));
  assert.deepEqual(Array.from(records.ingestSeq), lines.map((_, r) => r + 1));
});
