import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assignmentLogitModel, createAssignmentExplainer } from '../../../core/explain/assignment-shapley.js';
import { sampledBisectingShapley } from '../../../core/explain/bisecting-shapley.js';
import { ExplainInputError } from '../../../core/explain/errors.js';
import { explainProfile } from '../../../core/explain/explain-profile.js';
import { bisectingKMeans } from '../../../core/clustering/bisecting-kmeans.js';
import { predictBisecting } from '../../../core/clustering/bisecting-tree.js';
import { matrixRow } from '../../../core/matrix.js';
import { plantedSegments } from './planted-segments.js';

describe('explainProfile', () => {
  const planted = plantedSegments(5);
  const { scaled, original, centroids, k, featureNames } = planted;
  const explainer = createAssignmentExplainer(scaled, centroids, k);
  const input = (row: number) => ({
    centroids,
    k,
    featureNames,
    featureMeans: explainer.featureMeans,
    z: matrixRow(scaled, row),
    original: matrixRow(original, row),
    segmentNames: ['Engaged', 'Big spenders', 'Lapsed'],
  });

  it('assigns the highest logit and its phi sum to l_c(z) - E[l_c(Z)] for the segment and the runner-up', () => {
    for (const row of [0, 1, 2, 100, 299]) {
      const explanation = explainProfile(input(row));
      const z = matrixRow(scaled, row);
      const logits = Array.from({ length: k }, (_, c) => assignmentLogitModel(centroids, k, c)(z));
      assert.equal(explanation.segment, logits.indexOf(Math.max(...logits)));
      assert.equal(explanation.segment, planted.labels[row]);
      for (const part of [explanation.assigned, explanation.runnerUp!]) {
        const expected = logits[part.segment] - assignmentLogitModel(centroids, k, part.segment)(explainer.featureMeans);
        const sum = part.contributions.reduce((total, entry) => total + entry.phi, 0);
        assert.ok(Math.abs(sum - expected) < 1e-9, `row ${row} segment ${part.segment}: ${sum} vs ${expected}`);
        assert.ok(Math.abs(part.logitShift - expected) < 1e-9);
      }
      const others = logits.filter((_, c) => c !== explanation.segment);
      assert.equal(explanation.runnerUp!.logit, Math.max(...others));
    }
  });

  it('matches the explainer feature by feature, largest |phi| first, with original values', () => {
    const explanation = explainProfile(input(7));
    const phi = explainer.explain(matrixRow(scaled, 7));
    const c = explanation.segment;
    for (const entry of explanation.assigned.contributions) {
      const j = featureNames.indexOf(entry.feature);
      assert.equal(entry.phi, phi.data[c * featureNames.length + j]);
      assert.equal(entry.value, original.data[7 * featureNames.length + j]);
    }
    const sizes = explanation.assigned.contributions.map((entry) => Math.abs(entry.phi));
    assert.deepEqual(sizes, [...sizes].sort((a, b) => b - a));
  });

  it('words the reasons with the feature, its value, the segment names and the deciding features', () => {
    // Row 1 is a planted big spender: revenue decides.
    const explanation = explainProfile(input(1));
    assert.equal(explanation.segment, 1);
    assert.match(explanation.reasons[0], /^revenue [\d.]+ is above average: pulls towards "Big spenders" \(\+\d+\.\d\d\)$/);
    assert.match(explanation.reasons.at(-1)!, /^in "Big spenders" rather than "(Engaged|Lapsed)" mainly because of .*revenue/);
  });

  it('words values in original units from the feature metadata, flags as yes or no', () => {
    const featureMeta = [
      { label: 'sessions', kind: 'count' as const },
      { label: 'revenue', kind: 'amount' as const, unit: '$' },
      { label: 'newsletter', kind: 'flag' as const },
      { label: 'days since visit', kind: 'days' as const },
    ];
    const reasons = [0, 1, 2, 3, 4, 5].flatMap((row) => explainProfile({ ...input(row), featureMeta }).reasons);
    assert.ok(reasons.some((reason) => /^newsletter: (yes|no): pulls towards/.test(reason)), reasons.join('\n'));
    assert.ok(reasons.some((reason) => /^revenue \$[\d,]+ is above average/.test(reason)), reasons.join('\n'));
  });

  it('explains a given segment (a bisecting leaf) even when it is not the highest logit', () => {
    const explanation = explainProfile({ ...input(0), segment: 2 });
    assert.equal(explanation.segment, 2);
    assert.equal(explanation.assigned.segment, 2);
    assert.notEqual(explanation.runnerUp!.segment, 2);
  });

  it('has no runner-up with one segment, and rejects inconsistent inputs', () => {
    const single = explainProfile({ ...input(0), centroids: Float64Array.from(explainer.featureMeans), k: 1, segmentNames: undefined });
    assert.equal(single.runnerUp, null);
    assert.equal(single.assigned.logit, 0);
    assert.throws(() => explainProfile({ ...input(0), z: new Float64Array(3) }), ExplainInputError);
    assert.throws(() => explainProfile({ ...input(0), segment: 3 }), ExplainInputError);
    assert.throws(() => explainProfile({ ...input(0), segmentNames: ['only one'] }), ExplainInputError);
  });
});

describe('sampledBisectingShapley', () => {
  it('explains each sampled profile for its own leaf; values sum near 1 - the leaf share', async () => {
    const { scaled } = plantedSegments(9);
    const fit = await bisectingKMeans(scaled, { k: 3, seed: 2 });
    const result = sampledBisectingShapley(fit.tree, scaled, fit.labels, { maxProfiles: 40, backgroundRows: 300, permutations: 400, seed: 4 });
    assert.equal(result.rows.length, 40);
    assert.equal(result.values.rows, 40);
    for (let r = 0; r < 40; r++) {
      const i = result.rows[r];
      assert.equal(predictBisecting(fit.tree, matrixRow(scaled, i)), fit.labels[i]);
      assert.ok(Math.abs(result.baseValues[r] - fit.sizes[fit.labels[i]] / scaled.rows) < 1e-12);
      let sum = 0;
      let variance = 0;
      for (let j = 0; j < scaled.cols; j++) {
        sum += result.values.data[r * scaled.cols + j];
        variance += result.standardErrors.data[r * scaled.cols + j] ** 2;
      }
      // Efficiency holds in expectation: within a generous 6 standard errors (features' errors treated as independent, plus slack).
      assert.ok(Math.abs(sum - (1 - result.baseValues[r])) < 6 * Math.sqrt(variance) + 0.05, `row ${i}: ${sum}`);
    }
  });
});
