import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExplainInputError } from '../../../core/explain/errors.js';
import { featureCompactness } from '../../../core/explain/feature-compactness.js';
import { computeSegmentStatistics, topVarianceFeatures } from '../../../core/explain/segment-statistics.js';
import { createMatrix } from '../../../core/matrix.js';

describe('featureCompactness', () => {
  // Rows (f1, f2, f3) with segments 0, 0, 1, 1:
  //   f1 = 0, 2 | 4, 6: population mean 3, variance (9+1+1+9)/4 = 5, sd sqrt 5; each segment sd 1,
  //        so compactness 1 - 1/sqrt(5) = 0.552786 for both segments.
  //   f2 = 5, 5 | 1, 9: population mean 5, variance (0+0+16+16)/4 = 8, sd 2 sqrt 2;
  //        segment 0 sd 0 -> 1, segment 1 sd 4 -> 1 - 4 / 2.828427 = -0.414214.
  //   f3 = 7 everywhere: sd(F) = 0 -> defined as 0.
  const original = createMatrix(4, 3, Float64Array.from([0, 5, 7, 2, 5, 7, 4, 1, 7, 6, 9, 7]));
  const labels = Int32Array.from([0, 0, 1, 1]);
  const stats = computeSegmentStatistics(original, labels, 2);
  const result = featureCompactness(stats, ['f1', 'f2', 'f3']);

  it('matches the hand computation and ranks per segment', () => {
    const f1 = 1 - 1 / Math.sqrt(5);
    const f2 = 1 - 4 / (2 * Math.SQRT2);
    assert.deepEqual(
      result[0].features.map((entry) => entry.feature),
      ['f2', 'f1', 'f3'],
    );
    assert.deepEqual(
      result[1].features.map((entry) => entry.feature),
      ['f1', 'f3', 'f2'],
    );
    assert.equal(result[0].features[0].compactness, 1);
    assert.ok(Math.abs(result[0].features[1].compactness - f1) < 1e-12);
    assert.ok(Math.abs(result[1].features[0].compactness - f1) < 1e-12);
    assert.ok(Math.abs(result[1].features[2].compactness - f2) < 1e-12);
    assert.equal(result[1].features[1].compactness, 0);
  });

  it('keeps population statistics exact where sums of squares would cancel', () => {
    const shifted = createMatrix(4, 1, Float64Array.from([1e9, 1e9 + 2, 1e9 + 4, 1e9 + 6]));
    const shiftedStats = computeSegmentStatistics(shifted, labels, 2);
    assert.equal(shiftedStats.populationSds[0], Math.sqrt(5));
    assert.equal(shiftedStats.sds[0], 1);
  });

  it('ranks features by the standardised variance of the segment means', () => {
    // Segment means: f1 1 | 5 -> variance 4, /5 = 0.8; f2 5 | 5 -> 0; f3 constant -> 0.
    const top = topVarianceFeatures(stats, ['f1', 'f2', 'f3'], 2);
    assert.equal(top[0].feature, 'f1');
    assert.equal(top[0].variance, 4);
    assert.ok(Math.abs(top[0].standardizedVariance - 0.8) < 1e-12);
    assert.equal(top.length, 2);
  });

  it('rejects labels outside 0..k-1', () => {
    assert.throws(() => computeSegmentStatistics(original, Int32Array.from([0, 0, 2, 1]), 2), ExplainInputError);
  });
});
