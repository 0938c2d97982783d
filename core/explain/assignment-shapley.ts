import { createMatrix } from '../matrix.js';
import type { Matrix } from '../matrix.js';
import { checkLabels } from './check-labels.js';
import { ExplainInputError } from './errors.js';

/**
 * Closed-form Shapley values of the nearest-centroid assignment.
 *
 * Segment c scores s_c(z) = -|z - mu_c|^2 and its logit is
 * l_c(z) = s_c(z) - mean_c' s_c'(z). The -|z|^2 term cancels, leaving
 * l_c(z) = sum_j w_cj z_j + const with w_cj = 2 (mu_cj - mean_c' mu_c'j):
 * linear, so with the whole population as background (features independent
 * in the interventional sense) phi_cj(z) = w_cj (z_j - E[z_j]), and the values
 * sum to l_c(z) - E[l_c(Z)] = l_c(z) - l_c(E[Z]).
 */
export interface AssignmentExplainer {
  readonly k: number;
  readonly features: number;
  /** E[z_j] over the population (the background). */
  readonly featureMeans: Float64Array;
  /** k x d row-major: w_cj = 2 (mu_cj - mean_c' mu_c'j). */
  readonly weights: Float64Array;
  /** E[l_c(Z)] per segment: the value the Shapley values start from. */
  readonly expectedLogits: Float64Array;
  /** l_c(z) for every segment. */
  logits(z: Float64Array): Float64Array;
  /** phi for every segment at one profile: k x d ("why is this customer in segment c"). */
  explain(z: Float64Array): Matrix;
}

export function createAssignmentExplainer(scaled: Matrix, centroids: Float64Array, k: number): AssignmentExplainer {
  const { data, rows, cols } = scaled;
  if (rows === 0) throw new ExplainInputError('the background population is empty');
  const featureMeans = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) featureMeans[j] += data[i * cols + j];
  }
  for (let j = 0; j < cols; j++) featureMeans[j] /= rows;
  return assignmentExplainerFromMeans(featureMeans, centroids, k);
}

/**
 * The same explainer from a known E[z] (e.g. stored with a run's report), so
 * one profile can be explained without loading the whole population.
 */
export function assignmentExplainerFromMeans(featureMeans: Float64Array, centroids: Float64Array, k: number): AssignmentExplainer {
  const cols = featureMeans.length;
  if (centroids.length !== k * cols) {
    throw new ExplainInputError(`centroids has ${centroids.length} values, expected ${k} x ${cols}`);
  }
  for (let j = 0; j < cols; j++) {
    if (!Number.isFinite(featureMeans[j])) throw new ExplainInputError(`scaled feature ${j} has non-finite values`);
  }

  const centroidMeans = new Float64Array(cols);
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < cols; j++) centroidMeans[j] += centroids[c * cols + j] / k;
  }
  const weights = new Float64Array(k * cols);
  for (let j = 0; j < cols; j++) {
    // A column where every centroid agrees cannot move any logit; rounding in the mean must not say otherwise.
    let agree = true;
    for (let c = 1; c < k && agree; c++) agree = centroids[c * cols + j] === centroids[j];
    if (agree) continue;
    for (let c = 0; c < k; c++) weights[c * cols + j] = 2 * (centroids[c * cols + j] - centroidMeans[j]);
  }

  const logits = (z: Float64Array): Float64Array => {
    if (z.length !== cols) throw new ExplainInputError(`profile has ${z.length} features, expected ${cols}`);
    return segmentLogits(z, centroids, k);
  };

  const explain = (z: Float64Array): Matrix => {
    if (z.length !== cols) throw new ExplainInputError(`profile has ${z.length} features, expected ${cols}`);
    const phi = new Float64Array(k * cols);
    for (let c = 0; c < k; c++) {
      for (let j = 0; j < cols; j++) phi[c * cols + j] = weights[c * cols + j] * (z[j] - featureMeans[j]);
    }
    return createMatrix(k, cols, phi);
  };

  return { k, features: cols, featureMeans, weights, expectedLogits: logits(featureMeans), logits, explain };
}

/** Every profile's Shapley values for its own segment: n x d (never n x k x d). */
export function ownSegmentShapley(explainer: AssignmentExplainer, scaled: Matrix, labels: Int32Array): Matrix {
  const { data, rows, cols } = scaled;
  if (cols !== explainer.features) {
    throw new ExplainInputError(`scaled has ${cols} features, the explainer ${explainer.features}`);
  }
  checkLabels(labels, explainer.k, rows);
  const { weights, featureMeans } = explainer;
  const phi = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const offset = labels[i] * cols;
    for (let j = 0; j < cols; j++) {
      phi[i * cols + j] = weights[offset + j] * (data[i * cols + j] - featureMeans[j]);
    }
  }
  return createMatrix(rows, cols, phi);
}

/**
 * l_c as a black box computed from the definition (scores minus their mean),
 * for the generic engines: it is how the closed form is checked independently.
 */
export function assignmentLogitModel(centroids: Float64Array, k: number, segment: number): (z: Float64Array) => number {
  return (z: Float64Array): number => segmentLogits(z, centroids, k)[segment];
}

function segmentLogits(z: Float64Array, centroids: Float64Array, k: number): Float64Array {
  const cols = z.length;
  const logits = new Float64Array(k);
  let meanScore = 0;
  for (let c = 0; c < k; c++) {
    let distance = 0;
    for (let j = 0; j < cols; j++) {
      const delta = z[j] - centroids[c * cols + j];
      distance += delta * delta;
    }
    logits[c] = -distance;
    meanScore -= distance / k;
  }
  for (let c = 0; c < k; c++) logits[c] -= meanScore;
  return logits;
}
