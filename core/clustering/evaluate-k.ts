import type { Matrix } from '../matrix.js';
import { gatherRows, sampleRowIndexes } from '../sample-rows.js';
import { bisectingKMeans } from './bisecting-kmeans.js';
import { clusterQuality, silhouetteScores } from './cluster-quality.js';
import { ClusteringInputError } from './errors.js';
import { findKnee } from './find-knee.js';
import { kmeans } from './kmeans.js';

export type ClusteringAlgorithm = 'kmeans' | 'bisecting';

export interface EvaluateKOptions {
  readonly seed: number;
  /** Default 2. */
  readonly kMin?: number;
  /** Default 15 (capped at the row count). */
  readonly kMax?: number;
  /** Rows (seeded sample) used for the O(n^2) silhouette. Default 10000. */
  readonly sampleSize?: number;
  /** Default 'kmeans'. */
  readonly algorithm?: ClusteringAlgorithm;
  /** k-means restarts per k. Default 1. */
  readonly nInit?: number;
  readonly threads?: number;
}

export interface KEvaluation {
  readonly k: number;
  readonly inertia: number;
  readonly silhouette: number;
  readonly calinskiHarabasz: number;
  readonly daviesBouldin: number;
}

export interface KReport {
  readonly evaluations: KEvaluation[];
  /** Knee of the inertia curve. */
  readonly knee: number;
  readonly chosenK: number;
  readonly reason: string;
}

/** Clusters once per k in [kMin, kMax] and scores each clustering, then picks k with chooseK. */
export async function evaluateK(matrix: Matrix, options: EvaluateKOptions): Promise<KReport> {
  const kMin = options.kMin ?? 2;
  const kMax = Math.min(options.kMax ?? 15, matrix.rows);
  const sampleSize = options.sampleSize ?? 10000;
  const algorithm = options.algorithm ?? 'kmeans';
  if (!Number.isInteger(kMin) || !Number.isInteger(kMax) || kMin < 2 || kMax < kMin) {
    throw new ClusteringInputError(`need integers 2 <= kMin <= kMax <= rows, got kMin ${kMin}, kMax ${kMax} (rows ${matrix.rows})`);
  }
  const sample = sampleRowIndexes(matrix.rows, sampleSize, options.seed);
  const sampleMatrix = gatherRows(matrix, sample);
  const ks: number[] = [];
  const results: { inertia: number; calinskiHarabasz: number; daviesBouldin: number }[] = [];
  const sampleLabels: Int32Array[] = [];
  for (let k = kMin; k <= kMax; k++) {
    const fit =
      algorithm === 'kmeans'
        ? await kmeans(matrix, { k, seed: options.seed, nInit: options.nInit, threads: options.threads })
        : await bisectingKMeans(matrix, { k, seed: options.seed, threads: options.threads });
    ks.push(k);
    results.push({ inertia: fit.inertia, ...clusterQuality(matrix, fit.labels, k) });
    sampleLabels.push(Int32Array.from(sample, (row) => fit.labels[row]));
  }
  const silhouettes = silhouetteScores(sampleMatrix, sampleLabels, ks);
  const evaluations = ks.map((k, i) => ({ k, ...results[i], silhouette: silhouettes[i] }));
  return { evaluations, ...chooseK(evaluations) };
}

/**
 * segflow's rule for k: take the knee of the inertia curve (where adding
 * clusters stops paying off), then look at the knee and its immediate
 * neighbours (k - 1, k + 1) and keep whichever has the best silhouette. The
 * knee alone is sensitive to noise by one step either way; the silhouette
 * alone tends to prefer too few clusters on real data, so it only arbitrates
 * locally.
 */
export function chooseK(evaluations: readonly KEvaluation[]): { knee: number; chosenK: number; reason: string } {
  if (evaluations.length === 0) throw new ClusteringInputError('chooseK needs at least one evaluated k');
  const knee = findKnee(
    evaluations.map((e) => e.k),
    evaluations.map((e) => e.inertia),
  );
  const atKnee = evaluations.find((e) => e.k === knee) as KEvaluation;
  let best = atKnee;
  for (const e of evaluations) {
    if (Math.abs(e.k - knee) === 1 && e.silhouette > best.silhouette) best = e;
  }
  const fmt = (value: number): string => value.toFixed(3);
  const neighbours = evaluations.filter((e) => Math.abs(e.k - knee) <= 1).map((e) => e.k);
  const reason =
    best.k === knee
      ? `k=${knee} is the knee of the inertia curve and has the best silhouette among k=${neighbours.join(', ')} (${fmt(atKnee.silhouette)})`
      : `the inertia curve bends at k=${knee}, but neighbouring k=${best.k} separates segments better (silhouette ${fmt(best.silhouette)} vs ${fmt(atKnee.silhouette)})`;
  return { knee, chosenK: best.k, reason };
}
