import { buildSegmentReport, type FeatureMeta } from '../core/explain/index.js';
import { featureColumns } from '../core/features/feature-columns.js';
import { scaleMatrix } from '../core/scaling/scaler.js';
import type { FeatureDefinition } from '../schemas/feature-definition.js';
import type { SegflowDatabase } from '../db/open-database.js';
import { loadProfileMatrix } from '../db/repositories/feature-matrix-repository.js';
import { loadRunContext, loadStepResult } from '../db/repositories/run-repository.js';
import { loadRunAssignments, loadRunModel } from '../db/repositories/model-repository.js';
import { heartbeat } from './activity-progress.js';
import type { BuildFeaturesResult } from './build-features.js';
import type { ClusterProfilesResult } from './cluster-profiles.js';
import { fitSegments } from './fit-segments.js';
import { runStepOnce } from './run-step.js';

export interface ComputeReportsResult {
  segments: Array<{ segment: number; name: string; size: number }>;
}

const STEP = 'computeReports';

/**
 * Segment insights for the run (sizes, means, information gain with and
 * without priorities, Shapley summaries, compactness, descriptions), stored in
 * segflow.run_reports; the segment names and descriptions go to run_segments.
 */
export async function computeReports(database: SegflowDatabase, runId: string): Promise<ComputeReportsResult> {
  return runStepOnce(database, runId, STEP, async () => {
    const context = await loadRunContext(database, runId);
    const built = await loadStepResult<BuildFeaturesResult>(database, runId, 'buildFeatures');
    const model = await loadRunModel(database, runId);
    const columns = built.featureNames.length;
    const original = await loadProfileMatrix(database, 'segflow.run_features', runId, columns, built.profiles);
    const scaled = await loadProfileMatrix(database, 'segflow.run_scaled_features', runId, columns, built.profiles);
    const labels = await loadRunAssignments(database, runId, original.profileIds);
    heartbeat({ step: STEP, percent: 30, message: 'clustering with all weights 1 for the comparison' });

    // The same data, scaler and seed with every priority weight 1: what the priorities changed.
    const unweighted = await fitSegments(scaleMatrix(model.scaler, model.weights.map(() => 1), original.matrix), model.k, context.config, STEP);
    heartbeat({ step: STEP, percent: 60, message: 'computing reports' });
    const report = buildSegmentReport({
      original: original.matrix,
      scaled: scaled.matrix,
      labels,
      centroids: Float64Array.from(model.centroids),
      k: model.k,
      featureNames: built.featureNames,
      featureMeta: featureMeta(context.features),
      unweightedLabels: unweighted.labels,
      seed: context.config.seed,
    });
    const clustering = await loadStepResult<ClusterProfilesResult>(database, runId, 'clusterProfiles');
    const stored = {
      ...report,
      algorithm: model.algorithm,
      kReport: clustering.kReport,
      segmentMatching: clustering.matching,
      migration: clustering.migration,
      segments: report.segments.map((entry) => ({
        ...entry,
        segmentId: model.segmentIds[entry.segment],
        examples: entry.examples.map((example) => ({ ...example, profileId: original.profileIds[example.row] })),
      })),
    };
    await database.db.transaction().execute(async (transaction) => {
      await transaction
        .insertInto('segflow.run_reports')
        .values({ run_id: runId, report: JSON.stringify(stored) })
        .onConflict((conflict) => conflict.column('run_id').doUpdateSet({ report: JSON.stringify(stored) }))
        .execute();
      for (const entry of report.segments) {
        await transaction
          .updateTable('segflow.run_segments')
          .set({ name: entry.name, description: entry.description })
          .where('run_id', '=', runId)
          .where('segment', '=', entry.segment)
          .execute();
      }
    });
    return { segments: report.segments.map((entry) => ({ segment: entry.segment, name: entry.name, size: entry.size })) };
  });
}

/** How the reports word each matrix column: a category's level columns read as flags ("primary channel: paid search"). */
function featureMeta(features: readonly FeatureDefinition[]): Record<string, FeatureMeta> {
  const meta: Record<string, FeatureMeta> = {};
  for (const column of featureColumns(features)) {
    const feature = features[column.feature];
    meta[column.name] =
      feature.kind === 'category'
        ? { label: `${feature.label}: ${column.level!.replaceAll('_', ' ')}`, kind: 'flag' }
        : feature.kind === 'seconds'
          ? { label: feature.label, kind: 'number', unit: 's' }
          : { label: feature.label, kind: feature.kind };
  }
  return meta;
}
