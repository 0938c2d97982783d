import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  assignmentLogitModel,
  createAssignmentExplainer,
  ownSegmentShapley,
} from '../../../core/explain/assignment-shapley.js';
import { exactShapley } from '../../../core/explain/exact-shapley.js';
import { summarizeAssignmentShapley, summarizeShapley } from '../../../core/explain/segment-shapley-summary.js';
import { createMatrix, matrixRow } from '../../../core/matrix.js';
import type { Matrix } from '../../../core/matrix.js';
import { createRandom } from '../../../core/random.js';

interface Problem {
  readonly scaled: Matrix;
  readonly labels: Int32Array;
  readonly centroids: Float64Array;
  readonly k: number;
}

/** Small random population around k random centres, labelled by nearest centre. */
function smallProblem(rows: number, cols: number, k: number, seed: number): Problem {
  const random = createRandom(seed);
  const centroids = Float64Array.from({ length: k * cols }, () => 2 * random.normal());
  const scaled = createMatrix(rows, cols);
  const labels = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const c = random.int(k);
    for (let j = 0; j < cols; j++) scaled.data[i * cols + j] = centroids[c * cols + j] + random.normal();
    let best = Number.POSITIVE_INFINITY;
    for (let other = 0; other < k; other++) {
      let distance = 0;
      for (let j = 0; j < cols; j++) distance += (scaled.data[i * cols + j] - centroids[other * cols + j]) ** 2;
      if (distance < best) {
        best = distance;
        labels[i] = other;
      }
    }
  }
  return { scaled, labels, centroids, k };
}

describe('assignment Shapley closed form', () => {
  const problem = smallProblem(18, 5, 3, 11);
  const explainer = createAssignmentExplainer(problem.scaled, problem.centroids, problem.k);

  it('agrees with the generic exact engine on l_c with the population as background', () => {
    for (const i of [0, 5, 11, 17]) {
      const z = matrixRow(problem.scaled, i);
      const phi = explainer.explain(z);
      for (let c = 0; c < problem.k; c++) {
        const exact = exactShapley(assignmentLogitModel(problem.centroids, problem.k, c), z, problem.scaled);
        for (let j = 0; j < 5; j++) {
          const difference = Math.abs(phi.data[c * 5 + j] - exact.values[j]);
          assert.ok(difference < 1e-9, `profile ${i} segment ${c} feature ${j}: ${difference}`);
        }
        assert.ok(Math.abs(exact.baseValue - explainer.expectedLogits[c]) < 1e-9);
      }
    }
  });

  it('is efficient: phi_c sums to l_c(z) - E[l_c(Z)]', () => {
    const z = matrixRow(problem.scaled, 3);
    const logits = explainer.logits(z);
    const phi = explainer.explain(z);
    for (let c = 0; c < problem.k; c++) {
      let sum = 0;
      for (let j = 0; j < 5; j++) sum += phi.data[c * 5 + j];
      assert.ok(Math.abs(sum - (logits[c] - explainer.expectedLogits[c])) < 1e-9);
    }
  });

  it('gives exactly 0 to a feature on which all centroids agree', () => {
    const centroids = problem.centroids.slice();
    for (let c = 0; c < problem.k; c++) centroids[c * 5 + 2] = 0.1;
    const flat = createAssignmentExplainer(problem.scaled, centroids, problem.k);
    const phi = flat.explain(matrixRow(problem.scaled, 4));
    for (let c = 0; c < problem.k; c++) assert.ok(phi.data[c * 5 + 2] === 0);
  });

  it('gives equal values to two features with identical centroid and data columns', () => {
    const scaled = createMatrix(problem.scaled.rows, 5, problem.scaled.data.slice());
    const centroids = problem.centroids.slice();
    for (let i = 0; i < scaled.rows; i++) scaled.data[i * 5 + 1] = scaled.data[i * 5];
    for (let c = 0; c < problem.k; c++) centroids[c * 5 + 1] = centroids[c * 5];
    const phi = createAssignmentExplainer(scaled, centroids, problem.k).explain(matrixRow(scaled, 7));
    for (let c = 0; c < problem.k; c++) assert.equal(phi.data[c * 5], phi.data[c * 5 + 1]);
  });

  it('ownSegmentShapley takes each profile its own segment row of explain', () => {
    const own = ownSegmentShapley(explainer, problem.scaled, problem.labels);
    assert.equal(own.rows, 18);
    for (let i = 0; i < 18; i++) {
      const all = explainer.explain(matrixRow(problem.scaled, i));
      for (let j = 0; j < 5; j++) assert.equal(own.data[i * 5 + j], all.data[problem.labels[i] * 5 + j]);
    }
  });

  it('the streaming summary equals the summary of the materialised values', () => {
    // Original units: any monotone map of z works; medians taken from it.
    const original = createMatrix(18, 5, problem.scaled.data.map((value) => 10 * value + 3));
    const medians = new Float64Array(5);
    for (let j = 0; j < 5; j++) {
      const column = Float64Array.from({ length: 18 }, (_, i) => original.data[i * 5 + j]).sort();
      medians[j] = column[8];
    }
    const names = ['a', 'b', 'c', 'd', 'e'];
    const own = ownSegmentShapley(explainer, problem.scaled, problem.labels);
    const brute = summarizeShapley(own, original, problem.labels, problem.k, medians, names);
    const streamed = summarizeAssignmentShapley(explainer, problem.scaled, original, problem.labels, medians, names);
    assert.equal(streamed.length, brute.length);
    for (let c = 0; c < problem.k; c++) {
      assert.deepEqual(
        streamed[c].features.map((entry) => entry.feature),
        brute[c].features.map((entry) => entry.feature),
      );
      streamed[c].features.forEach((entry, index) => {
        const reference = brute[c].features[index];
        assert.ok(Math.abs(entry.meanAbs - reference.meanAbs) < 1e-9);
        assert.equal(entry.highCount, reference.highCount);
        for (const key of ['meanWhenHigh', 'meanWhenLow'] as const) {
          const a = entry[key];
          const b = reference[key];
          assert.ok(a === null ? b === null : b !== null && Math.abs(a - b) < 1e-9);
        }
      });
    }
  });
});
