import { kmeans } from '../core/clustering/kmeans.js';
import { squaredDistance } from '../core/clustering/squared-distance.js';
import type { SegflowDatabase } from '../db/open-database.js';
import { loadProfileMatrix } from '../db/repositories/feature-matrix-repository.js';
import { loadRunContext, loadStepResult } from '../db/repositories/run-repository.js';
import { heartbeat } from './activity-progress.js';
import type { BuildFeaturesResult } from './build-features.js';
import { runStepOnce } from './run-step.js';
import type { ScaleFeaturesResult } from './scale-features.js';
import { ApplicationFailure } from '@temporalio/activity';

export interface ClusterProfilesResult {
  k: number;
  inertia: number;
  iterations: number;
  sizes: number[];
}

/** The fitted model stored with the run: enough to score new records exactly like the training data. */
export interface RunModel {
  featureNames: string[];
  scaler: ScaleFeaturesResult['scaler'];
  weights: number[];
  algorithm: 'kmeans' | 'bisecting';
  k: number;
  /** k x features, row-major, in the scaled and weighted space. */
  centroids: number[];
  segmentIds: string[];
}

const STEP = 'clusterProfiles';

/** Clusters the scaled profiles and stores assignments, the model and the segments of the run. */
export async function clusterProfiles(database: SegflowDatabase, runId: string): Promise<ClusterProfilesResult> {
  return runStepOnce(database, runId, STEP, async () => {
    const context = await loadRunContext(database, runId);
    const built = await loadStepResult<BuildFeaturesResult>(database, runId, 'buildFeatures');
    const scaledStep = await loadStepResult<ScaleFeaturesResult>(database, runId, 'scaleFeatures');
    const { profileIds, matrix } = await loadProfileMatrix(
      database, 'segflow.run_scaled_features', runId, built.featureNames.length, built.profiles,
    );
    const k = context.config.k === 'auto' ? 6 : context.config.k;
    if (matrix.rows < k) {
      throw ApplicationFailure.nonRetryable(`cannot make ${k} segments from ${matrix.rows} profiles`, 'NotEnoughProfiles');
    }
    const result = await kmeans(matrix, {
      k,
      seed: context.config.seed,
      nInit: 3,
      onIteration: (info) =>
        heartbeat({ step: STEP, percent: Math.min(95, info.iteration), message: `iteration ${info.iteration}, inertia ${info.inertia.toFixed(2)}` }),
    });
    const segmentIds = Array.from({ length: k }, (_, segment) => `seg-${segment + 1}`);
    const model: RunModel = {
      featureNames: built.featureNames,
      scaler: scaledStep.scaler,
      weights: scaledStep.weights,
      algorithm: 'kmeans',
      k,
      centroids: Array.from(result.centroids),
      segmentIds,
    };
    await database.db.deleteFrom('segflow.run_assignments').where('run_id', '=', runId).execute();
    await database.copyIn('segflow.run_assignments', ['run_id', 'profile_id', 'segment', 'distance'], assignmentRows());
    function* assignmentRows(): Generator<[string, number, number, number]> {
      for (let i = 0; i < matrix.rows; i++) {
        const segment = result.labels[i];
        const distance = Math.sqrt(squaredDistance(matrix.data, i * matrix.cols, result.centroids, segment * matrix.cols, matrix.cols));
        yield [runId, profileIds[i], segment, distance];
      }
    }
    await database.db.transaction().execute(async (transaction) => {
      await transaction
        .insertInto('segflow.run_models')
        .values({ run_id: runId, model: JSON.stringify(model) })
        .onConflict((conflict) => conflict.column('run_id').doUpdateSet({ model: JSON.stringify(model) }))
        .execute();
      await transaction.deleteFrom('segflow.run_segments').where('run_id', '=', runId).execute();
      await transaction
        .insertInto('segflow.run_segments')
        .values(
          segmentIds.map((segmentId, segment) => ({
            run_id: runId,
            segment,
            segment_id: segmentId,
            name: `Segment ${segment + 1}`,
            description: '',
            size: result.sizes[segment],
          })),
        )
        .execute();
    });
    return { k, inertia: result.inertia, iterations: result.iterations, sizes: Array.from(result.sizes) };
  });
}
