import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { featureInputs } from '../../../core/features/feature-columns.js';
import { csvScoreRequestSchema, scoreRequestSchema } from '../../../schemas/score-request.js';

const inputs = featureInputs(['spend', 'channel=web', 'channel=other']);

function firstIssue(result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }): { field: string; message: string } {
  assert.equal(result.success, false);
  const issue = result.error!.issues[0];
  return { field: issue.path.join('.'), message: issue.message };
}

describe('score request schemas', () => {
  it('accepts JSON records and names unknown, missing and mistyped features', () => {
    const schema = scoreRequestSchema(inputs);
    assert.deepEqual(schema.parse({ records: [{ id: 7, features: { spend: 1, channel: null } }] }), { records: [{ id: '7', features: { spend: 1, channel: null } }] });
    assert.deepEqual(firstIssue(schema.safeParse({ records: [{ features: { spend: 1, channel: 'web', age: 3 } }] })).field, 'records.0.features.age');
    assert.match(firstIssue(schema.safeParse({ records: [{ features: { spend: 1, channel: 'web', age: 3 } }] })).message, /unknown feature; the model's features are spend, channel/);
    assert.deepEqual(firstIssue(schema.safeParse({ records: [{ features: { channel: 'web' } }] })), { field: 'records.0.features.spend', message: "missing feature 'spend'" });
    assert.equal(firstIssue(schema.safeParse({ records: [{ features: { spend: 'x', channel: 'web' } }] })).field, 'records.0.features.spend');
    assert.equal(firstIssue(schema.safeParse({ records: [] })).field, 'records');
  });

  it('reads CSV with an optional id column: numbers as numbers, an empty category as no level', () => {
    const schema = csvScoreRequestSchema(inputs);
    assert.deepEqual(schema.parse('id,spend,channel\r\na,1.5,web\nb,2,\n'), {
      records: [
        { id: 'a', features: { spend: 1.5, channel: 'web' } },
        { id: 'b', features: { spend: 2, channel: null } },
      ],
    });
    assert.deepEqual(schema.parse('channel,spend\nshop,3\n'), { records: [{ features: { spend: 3, channel: 'shop' } }] });
    assert.equal(firstIssue(schema.safeParse('spend,channel\nlots,web\n')).field, 'records.0.features.spend');
    assert.equal(firstIssue(schema.safeParse('spend,channel,age\n1,web,3\n')).field, 'records.0.features.age');
    assert.equal(firstIssue(schema.safeParse('spend,channel\n1\n')).field, 'records.0');
    assert.match(firstIssue(schema.safeParse('spend,channel\n1,"web\n')).message, /not valid CSV: unterminated/);
  });
});
