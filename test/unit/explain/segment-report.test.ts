import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExplainInputError } from '../../../core/explain/errors.js';
import type { FeatureMeta } from '../../../core/explain/feature-meta.js';
import { formatFeatureValue } from '../../../core/explain/format-feature-value.js';
import { buildSegmentReport } from '../../../core/explain/segment-report.js';
import { createMatrix } from '../../../core/matrix.js';
import { plantedSegments } from './planted-segments.js';

const meta: Record<string, FeatureMeta> = {
  sessions: { label: 'website sessions', kind: 'count' },
  revenue: { label: 'revenue', kind: 'amount', unit: '$' },
  newsletter: { label: 'newsletter subscriber', kind: 'flag' },
  days_since_visit: { label: 'recency', kind: 'days', higherIsMore: false },
};

describe('buildSegmentReport on planted segments', () => {
  const planted = plantedSegments(1);
  const report = buildSegmentReport({ ...planted, featureMeta: meta, seed: 7 });

  it('reports sizes, shares and means in original units', () => {
    assert.deepEqual(
      report.segments.map((segment) => [segment.size, segment.share]),
      [
        [100, 1 / 3],
        [100, 1 / 3],
        [100, 1 / 3],
      ],
    );
    const means = report.segments[0].means;
    assert.ok(means !== null && means.sessions >= 8 && means.sessions <= 10);
  });

  it('names and describes each planted group by what was planted', () => {
    const [engaged, spenders, lapsed] = report.segments;
    assert.equal(engaged.name, 'High website sessions · newsletter subscriber');
    assert.match(engaged.description, /^8-10 website sessions, almost all newsletter subscriber \(9\d%\)$/);
    assert.equal(spenders.name, 'High revenue · Low website sessions');
    assert.match(spenders.description, /^\$9\d\d-\$1,\d{3} revenue, 0-1 website sessions$/);
    // days since the last visit is high, which higherIsMore: false words as low recency.
    assert.equal(lapsed.name, 'Low recency · no newsletter subscriber');
    assert.match(lapsed.description, /^6\d-\d\d days recency, no newsletter subscriber$/);
  });

  it('ranks the planted features first by importance and by variance of means', () => {
    assert.equal(report.shapley[1].features[0].feature, 'revenue');
    assert.equal(report.shapley[2].features[0].feature, 'days_since_visit');
    assert.deepEqual(new Set(report.topVarianceFeatures.map((entry) => entry.feature)), new Set(['revenue', 'sessions', 'days_since_visit']));
    // Segment 1's revenue is planted far above everyone else: high values push towards it, low values away.
    const revenue = report.shapley[1].features[0];
    assert.ok(revenue.meanWhenHigh !== null && revenue.meanWhenHigh > 0);
  });

  it('is JSON-serialisable without loss and reproducible from the seed', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(report)), report);
    const again = buildSegmentReport({ ...planted, featureMeta: meta, seed: 7 });
    assert.deepEqual(again, report);
    const examples = report.segments[0].examples;
    assert.equal(examples.length, 3);
    assert.ok(examples.every((example) => planted.labels[example.row] === 0));
  });

  it('infers feature kinds and labels when no metadata is given', () => {
    const plain = buildSegmentReport({ ...planted, seed: 7 });
    assert.deepEqual(
      plain.featureMeta.map((entry) => [entry.label, entry.kind]),
      [
        ['sessions', 'count'],
        ['revenue', 'number'],
        ['newsletter', 'flag'],
        ['days since visit', 'count'],
      ],
    );
    assert.equal(plain.informationGain.unweighted, null);
  });

  it('puts the unweighted information gain beside the weighted one', () => {
    // An "unweighted" run that only separated the lapsed group (two segments).
    const unweightedLabels = planted.labels.map((label) => (label === 2 ? 1 : 0));
    const both = buildSegmentReport({ ...planted, unweightedLabels, seed: 7 });
    const comparison = both.informationGain.comparison;
    assert.ok(comparison !== null);
    const days = comparison.find((entry) => entry.feature === 'days_since_visit');
    const revenue = comparison.find((entry) => entry.feature === 'revenue');
    assert.ok(days !== undefined && revenue !== undefined);
    assert.ok(days.unweightedRatio > 0.9, `days ${days.unweightedRatio}`);
    assert.ok(revenue.deltaBits > 0.3, `revenue delta ${revenue.deltaBits}`);
  });

  it('reports an empty segment without NaN', () => {
    const report4 = buildSegmentReport({
      ...planted,
      k: 4,
      centroids: Float64Array.from([...planted.centroids, 0, 0, 0, 0]),
      seed: 1,
    });
    const empty = report4.segments[3];
    assert.equal(empty.size, 0);
    assert.equal(empty.means, null);
    assert.equal(empty.name, 'Empty segment 4');
    assert.deepEqual(report4.compactness[3].features, []);
    assert.deepEqual(JSON.parse(JSON.stringify(report4)), report4);
  });

  it('rejects inconsistent inputs with a typed error', () => {
    assert.throws(
      () => buildSegmentReport({ ...planted, scaled: createMatrix(2, 4), seed: 1 }),
      ExplainInputError,
    );
    assert.throws(() => buildSegmentReport({ ...planted, k: 2, seed: 1 }), ExplainInputError);
  });
});

describe('segment wording on a skewed count', () => {
  it('falls back to the mean shift when quartiles tie and words a long tail open-ended', () => {
    // 150 profiles with 0 conversions (segment 0), 50 converters with 6..30 (segment 1).
    // Population p25 = p75 = 0, so the mean shift decides: 0 is low, the converters high.
    // Converters span p10 = 8 .. p90 = 28, wider than half the population's p10..p90 (0..20)
    // and reaching its p90, so they read "at least 8 conversions".
    const values = [...new Array<number>(150).fill(0), ...Array.from({ length: 50 }, (_, i) => 6 + Math.floor((i * 25) / 50))];
    const labels = Int32Array.from(values, (value) => (value > 0 ? 1 : 0));
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    const original = createMatrix(200, 1, Float64Array.from(values));
    const scaled = createMatrix(200, 1, Float64Array.from(values, (value) => value - mean));
    const centroids = Float64Array.from([-mean, 18 - mean]);
    const report = buildSegmentReport({ original, scaled, labels, centroids, k: 2, featureNames: ['conversions'], seed: 1 });
    assert.deepEqual(
      report.segments.map((segment) => [segment.name, segment.description]),
      [
        ['Low conversions', '0 conversions'],
        ['High conversions', 'At least 8 conversions'],
      ],
    );
  });
});

describe('formatFeatureValue', () => {
  it('formats by kind', () => {
    assert.equal(formatFeatureValue(7.6, { label: 'x', kind: 'count' }), '8');
    assert.equal(formatFeatureValue(12.5, { label: 'x', kind: 'amount', unit: '$' }), '$12.50');
    assert.equal(formatFeatureValue(12.5, { label: 'x', kind: 'amount', unit: '$' }, 480), '$13');
    assert.equal(formatFeatureValue(23_456, { label: 'x', kind: 'amount', unit: '€' }), '€23.5k');
    assert.equal(formatFeatureValue(1250, { label: 'x', kind: 'amount', unit: 'EUR' }), 'EUR 1,250');
    assert.equal(formatFeatureValue(0.234, { label: 'x', kind: 'ratio' }), '23%');
    assert.equal(formatFeatureValue(0.001234, { label: 'x', kind: 'number' }), '0.00123');
  });
});
