import { bisectingKMeans, kmeans, type BisectingTree } from '../core/clustering/index.js';
import type { Matrix } from '../core/matrix.js';
import type { SegmentationConfig } from '../schemas/segmentation-config.js';
import { heartbeat, withHeartbeats } from './activity-progress.js';

export interface SegmentFit {
  labels: Int32Array;
  centroids: Float64Array;
  sizes: Int32Array;
  inertia: number;
  iterations: number;
  tree: BisectingTree | null;
}

/** Clusters with the config's algorithm; the same call serves the run and its unweighted comparison. */
export async function fitSegments(matrix: Matrix, k: number, config: SegmentationConfig, step: string): Promise<SegmentFit> {
  if (config.algorithm === 'bisecting') {
    const result = await withHeartbeats({ step, percent: 50, message: `bisecting k-means, k = ${k}` }, () =>
      bisectingKMeans(matrix, {
        k,
        seed: config.seed,
        maxIterations: config.bisecting.maxIterations,
        minDivisibleClusterSize: config.bisecting.minDivisibleClusterSize,
        strategy: config.bisecting.strategy,
      }),
    );
    return { ...result, iterations: 0 };
  }
  const result = await kmeans(matrix, {
    k,
    seed: config.seed,
    nInit: config.nInit,
    onIteration: (info) =>
      heartbeat({
        step,
        percent: Math.min(85, 30 + ((info.restart * 100 + info.iteration) * 50) / (config.nInit * 100)),
        message: `k-means k = ${k}, restart ${info.restart + 1}/${config.nInit}, iteration ${info.iteration}`,
      }),
  });
  return { ...result, tree: null };
}
