import { predictBisecting, type BisectingTree } from '../clustering/bisecting-tree.js';
import { nearestCentroid } from '../clustering/nearest-centroid.js';
import { squaredDistance } from '../clustering/squared-distance.js';
import { featureInputs, type FeatureInput } from '../features/feature-columns.js';
import { scaleRow, type ScalerParams } from '../scaling/scaler.js';

/** A record or model that cannot be scored; the message names the record and feature. */
export class ScoringInputError extends Error {
  override readonly name = 'ScoringInputError';
}

/** What scoring needs of a stored run model (segflow.run_models). */
export interface ScoringModel {
  /** Matrix column names: `feature`, or `feature=level` for the levels of a category. */
  readonly featureNames: readonly string[];
  readonly scaler: ScalerParams;
  readonly weights: readonly number[];
  readonly algorithm: 'kmeans' | 'bisecting';
  readonly k: number;
  /** k x columns, row-major, in the scaled and weighted space. */
  readonly centroids: readonly number[];
  readonly tree: BisectingTree | null;
}

/** A category's value is its level as a string (any other string counts as `other`; null: no level). */
export type RawFeatureValue = number | string | null;

/** One record as the feature step would compute it, by feature name (not column name). */
export interface RawRecord {
  readonly id?: string | undefined;
  readonly features: Readonly<Record<string, RawFeatureValue>>;
}

export interface RecordScore {
  readonly id: string | null;
  /** The segment index training would have given the record. */
  readonly segment: number;
  /** Euclidean distance to every centroid in the scaled, weighted space, by segment index. */
  readonly distances: number[];
  /**
   * The segment whose centroid is nearest. Equal to `segment` for k-means;
   * a bisecting model labels by its tree, which can end in another leaf.
   */
  readonly nearestSegment: number;
}

/**
 * Scores raw records exactly as the training rows were labelled: one-hot
 * encode categories, apply the stored scaler and weights, then take the
 * nearest centroid (k-means) or follow the bisection tree (bisecting), with
 * the distance function and tie rules that training used.
 */
export function scoreRecords(model: ScoringModel, records: readonly RawRecord[]): RecordScore[] {
  const cols = model.featureNames.length;
  const { k } = model;
  const centroids = Float64Array.from(model.centroids);
  if (centroids.length !== k * cols) throw new ScoringInputError(`model has ${centroids.length} centroid values, expected ${k} x ${cols}`);
  if (model.algorithm === 'bisecting' && model.tree === null) throw new ScoringInputError('bisecting model without its tree');
  const inputs = featureInputs(model.featureNames);
  const raw = new Float64Array(cols);
  const scaled = new Float64Array(cols);
  return records.map((record, index) => {
    encodeRecord(inputs, record.features, raw, index);
    scaleRow(model.scaler, model.weights, raw, scaled);
    const nearestSegment = nearestCentroid(scaled, centroids, k);
    return {
      id: record.id ?? null,
      segment: model.algorithm === 'bisecting' ? predictBisecting(model.tree!, scaled) : nearestSegment,
      distances: Array.from({ length: k }, (_, c) => Math.sqrt(squaredDistance(scaled, 0, centroids, c * cols, cols))),
      nearestSegment,
    };
  });
}

/** Raw feature values into matrix columns: numbers as they are, a category as one 1 among its level columns. */
function encodeRecord(inputs: readonly FeatureInput[], features: Readonly<Record<string, RawFeatureValue>>, out: Float64Array, record: number): void {
  out.fill(0);
  for (const input of inputs) {
    const value = features[input.name];
    if (input.levels === null) {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new ScoringInputError(`record ${record}: feature '${input.name}' must be a finite number, got ${JSON.stringify(value)}`);
      }
      out[input.column] = value;
    } else if (value !== null) {
      if (typeof value !== 'string') throw new ScoringInputError(`record ${record}: category '${input.name}' must be a string or null, got ${JSON.stringify(value)}`);
      const level = input.levels.indexOf(value);
      out[input.column + (level >= 0 ? level : input.levels.length - 1)] = 1;
    }
  }
  const unknown = Object.keys(features).find((name) => !inputs.some((input) => input.name === name));
  if (unknown !== undefined) throw new ScoringInputError(`record ${record}: the model has no feature '${unknown}'`);
}
