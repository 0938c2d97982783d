import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultFeatureCatalog } from '../../../core/features/default-catalog.js';
import { featureColumns, featureInputs } from '../../../core/features/feature-columns.js';
import { fitScaler, ONE_HOT_SCALE } from '../../../core/scaling/scaler.js';
import { createMatrix } from '../../../core/matrix.js';
import { featureDefinitionSchema } from '../../../schemas/feature-definition.js';

const category = { name: 'plan', label: 'plan', kind: 'category', source: 'crm_contacts', aggregate: 'mode', column: 'email', levels: ['free', 'team'] } as const;

describe('categorical features', () => {
  it('expand into one feature=level column per level plus other, and featureInputs inverts the names', () => {
    const features = [defaultFeatureCatalog.find((feature) => feature.name === 'monetary')!, featureDefinitionSchema.parse(category)];
    const columns = featureColumns(features);
    assert.deepEqual(columns.map((column) => column.name), ['monetary', 'plan=free', 'plan=team', 'plan=other']);
    assert.deepEqual(columns.map((column) => column.feature), [0, 1, 1, 1]);
    assert.deepEqual(featureInputs(columns.map((column) => column.name)), [
      { name: 'monetary', column: 0, levels: null },
      { name: 'plan', column: 1, levels: ['free', 'team', 'other'] },
    ]);
  });

  it('primary_channel is in the default catalog with the generator channels as levels', () => {
    const channel = featureColumns(defaultFeatureCatalog).filter((column) => column.level !== null);
    assert.deepEqual(channel.map((column) => column.name), [
      'primary_channel=direct', 'primary_channel=organic_search', 'primary_channel=paid_search',
      'primary_channel=campaign', 'primary_channel=social', 'primary_channel=referral', 'primary_channel=other',
    ]);
  });

  it('validates definitions: levels distinct, other implied, missing only zero, source column exists', () => {
    const issues = (input: object) => featureDefinitionSchema.safeParse(input).error?.issues ?? [];
    assert.equal(issues(category).length, 0);
    for (const bad of [
      { ...category, levels: ['free', 'free'] },
      { ...category, levels: ['free', 'other'] },
      { ...category, missing: 'median' },
      { ...category, column: 'shoe_size' },
      { ...category, levels: [] },
    ]) {
      assert.ok(issues(bad).length > 0, JSON.stringify(bad));
    }
  });

  it('keeps one-hot columns at their 0/1 encoding over sqrt(2) whatever the scaler', () => {
    const matrix = createMatrix(3, 3, Float64Array.from([0, 1, 0, 10, 0, 1, 20, 1, 0]));
    for (const kind of ['minmax', 'zscore', 'robust', 'none'] as const) {
      const scaler = fitScaler(matrix, kind, [false, true, true]);
      assert.deepEqual([scaler.offset[1], scaler.scale[1], scaler.offset[2], scaler.scale[2]], [0, ONE_HOT_SCALE, 0, ONE_HOT_SCALE], kind);
      if (scaler.clipLow) assert.deepEqual([scaler.clipLow[1], scaler.clipHigh![1]], [0, 1]);
    }
    assert.deepEqual(fitScaler(matrix, 'minmax', [false, true, true]).scale[0], 20);
  });
});
