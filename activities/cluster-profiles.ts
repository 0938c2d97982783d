import { ApplicationFailure } from '@temporalio/activity';
import { evaluateK, matchSegments, type BisectingTree, type KReport, type SegmentMatching } from '../core/clustering/index.js';
import { squaredDistance } from '../core/clustering/squared-distance.js';
import { sampleRows } from '../core/sample-rows.js';
import type { SegflowDatabase } from '../db/open-database.js';
import { loadProfileMatrix } from '../db/repositories/feature-matrix-repository.js';
import { loadRunModel, loadSegmentsByProfile, previousPublishedRun } from '../db/repositories/model-repository.js';
import { loadRunContext, loadStepResult } from '../db/repositories/run-repository.js';
import { fitSegments } from './fit-segments.js';
import { heartbeat, withHeartbeats } from './activity-progress.js';
import type { BuildFeaturesResult } from './build-features.js';
import { runStepOnce } from './run-step.js';
import type { ScaleFeaturesResult } from './scale-features.js';

/** Rows the k evaluation clusters for each candidate k: enough for a stable elbow, cheap at any size. */
const K_EVALUATION_ROWS = 50_000;
const STEP = 'clusterProfiles';

export interface SegmentMigration {
  previousRunId: string;
  /** Row labels: previous segment ids, then 'new' (profiles that did not exist). */
  from: string[];
  /** Column labels: this run's segment ids, then 'gone' (profiles that no longer exist). */
  to: string[];
  counts: number[][];
}

export interface ClusterProfilesResult {
  k: number;
  inertia: number;
  iterations: number;
  sizes: number[];
  kReport: KReport | null;
  matching: SegmentMatching | null;
  migration: SegmentMigration | null;
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
  /** Bisecting k-means: scoring follows this tree, as training labels did. */
  tree: BisectingTree | null;
  /** Stable id of each segment index, carried over from the previous version where segments continue. */
  segmentIds: string[];
}

/**
 * Clusters the scaled profiles (k chosen by the config or from the k report),
 * matches the segments to the audience's previous version so they keep their
 * ids, and stores assignments, the model and the segments of the run.
 */
export async function clusterProfiles(database: SegflowDatabase, runId: string): Promise<ClusterProfilesResult> {
  return runStepOnce(database, runId, STEP, async () => {
    const context = await loadRunContext(database, runId);
    const built = await loadStepResult<BuildFeaturesResult>(database, runId, 'buildFeatures');
    const scaledStep = await loadStepResult<ScaleFeaturesResult>(database, runId, 'scaleFeatures');
    const { profileIds, matrix } = await loadProfileMatrix(
      database, 'segflow.run_scaled_features', runId, built.featureNames.length, built.profiles,
    );
    const { config } = context;
    const kReport =
      config.k === 'auto'
        ? await withHeartbeats({ step: STEP, percent: 10, message: `evaluating k = ${config.kRange.min}..${config.kRange.max}` }, () =>
            evaluateK(sampleRows(matrix, K_EVALUATION_ROWS, config.seed), {
              seed: config.seed,
              kMin: config.kRange.min,
              kMax: Math.min(config.kRange.max, matrix.rows - 1),
              algorithm: config.algorithm,
            }),
          )
        : null;
    const k = kReport ? kReport.chosenK : (config.k as number);
    if (matrix.rows < k) {
      throw ApplicationFailure.nonRetryable(`cannot make ${k} segments from ${matrix.rows} profiles`, 'NotEnoughProfiles');
    }
    const fit = await fitSegments(matrix, k, context.config, STEP);

    const previousRunId = await previousPublishedRun(database, context.configId);
    const previous = previousRunId ? await loadRunModel(database, previousRunId) : null;
    let matching: SegmentMatching | null = null;
    let migration: SegmentMigration | null = null;
    let segmentIds = Array.from({ length: k }, (_, segment) => `segment-${segment + 1}`);
    if (previousRunId && previous && sameFeatures(previous, built.featureNames)) {
      const previousSegments = await loadSegmentsByProfile(database, previousRunId);
      const overlap = previous.segmentIds.map(() => new Array<number>(k).fill(0));
      for (let i = 0; i < profileIds.length; i++) {
        const before = previousSegments.get(profileIds[i]);
        if (before !== undefined) overlap[before][fit.labels[i]]++;
      }
      matching = matchSegments({ ids: previous.segmentIds, centroids: Float64Array.from(previous.centroids) }, { centroids: fit.centroids, k }, overlap);
      segmentIds = matching.ids;
      migration = buildMigration(previousRunId, previous.segmentIds, segmentIds, overlap, previousSegments, profileIds, fit.labels);
    }

    const model: RunModel = {
      featureNames: built.featureNames,
      scaler: scaledStep.scaler,
      weights: scaledStep.weights,
      algorithm: config.algorithm,
      k,
      centroids: Array.from(fit.centroids),
      tree: fit.tree,
      segmentIds,
    };
    heartbeat({ step: STEP, percent: 90, message: 'writing assignments' });
    await database.db.deleteFrom('segflow.run_assignments').where('run_id', '=', runId).execute();
    await database.copyIn('segflow.run_assignments', ['run_id', 'profile_id', 'segment', 'distance'], assignmentRows());
    function* assignmentRows(): Generator<[string, number, number, number]> {
      for (let i = 0; i < matrix.rows; i++) {
        const segment = fit.labels[i];
        const distance = Math.sqrt(squaredDistance(matrix.data, i * matrix.cols, fit.centroids, segment * matrix.cols, matrix.cols));
        yield [runId, profileIds[i], segment, distance];
      }
    }
    await database.db.transaction().execute(async (transaction) => {
      const json = JSON.stringify(model);
      await transaction
        .insertInto('segflow.run_models')
        .values({ run_id: runId, model: json })
        .onConflict((conflict) => conflict.column('run_id').doUpdateSet({ model: json }))
        .execute();
      await transaction.deleteFrom('segflow.run_segments').where('run_id', '=', runId).execute();
      await transaction
        .insertInto('segflow.run_segments')
        .values(
          segmentIds.map((segmentId, segment) => ({
            run_id: runId,
            segment,
            segment_id: segmentId,
            name: segmentId,
            description: '',
            size: fit.sizes[segment],
          })),
        )
        .execute();
    });
    return { k, inertia: fit.inertia, iterations: fit.iterations, sizes: Array.from(fit.sizes), kReport, matching, migration };
  });
}

function sameFeatures(model: RunModel, featureNames: readonly string[]): boolean {
  return model.featureNames.length === featureNames.length && model.featureNames.every((name, j) => name === featureNames[j]);
}

function buildMigration(
  previousRunId: string,
  previousIds: readonly string[],
  nextIds: readonly string[],
  overlap: readonly number[][],
  previousSegments: ReadonlyMap<number, number>,
  profileIds: Float64Array,
  labels: Int32Array,
): SegmentMigration {
  const counts = overlap.map((row) => [...row, 0]);
  const appeared = new Array<number>(nextIds.length + 1).fill(0);
  const current = new Set<number>();
  for (let i = 0; i < profileIds.length; i++) {
    current.add(profileIds[i]);
    if (!previousSegments.has(profileIds[i])) appeared[labels[i]]++;
  }
  for (const [profileId, segment] of previousSegments) if (!current.has(profileId)) counts[segment][nextIds.length]++;
  return { previousRunId, from: [...previousIds, 'new'], to: [...nextIds, 'gone'], counts: [...counts, appeared] };
}
