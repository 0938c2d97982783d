import { featureColumns } from '../core/features/feature-columns.js';
import { fitScaler, scaleRow, type ScalerParams } from '../core/scaling/scaler.js';
import type { SegflowDatabase } from '../db/open-database.js';
import { arrayLiteral, loadProfileMatrix } from '../db/repositories/feature-matrix-repository.js';
import { loadRunContext, loadStepResult } from '../db/repositories/run-repository.js';
import { heartbeat } from './activity-progress.js';
import type { BuildFeaturesResult } from './build-features.js';
import { runStepOnce } from './run-step.js';

export interface ScaleFeaturesResult {
  profiles: number;
  scaler: ScalerParams;
  /** Per matrix column: every level column of a category carries the category's weight. */
  weights: number[];
}

/** Fits the configured scaler, multiplies by the priority weights and stores the vectors the clustering sees. */
export async function scaleFeatures(database: SegflowDatabase, runId: string): Promise<ScaleFeaturesResult> {
  return runStepOnce(database, runId, 'scaleFeatures', async () => {
    const context = await loadRunContext(database, runId);
    const built = await loadStepResult<BuildFeaturesResult>(database, runId, 'buildFeatures');
    const { profileIds, matrix } = await loadProfileMatrix(
      database, 'segflow.run_features', runId, built.featureNames.length, built.profiles,
      (loaded) => heartbeat({ step: 'scaleFeatures', percent: (40 * loaded) / built.profiles, message: `loaded ${loaded} profiles` }),
    );
    const columns = featureColumns(context.features);
    const weights = columns.map((column) => context.weights[column.feature]);
    const scaler = fitScaler(matrix, context.config.scaler, columns.map((column) => column.level !== null));
    await database.db.deleteFrom('segflow.run_scaled_features').where('run_id', '=', runId).execute();
    const scaled = new Float64Array(matrix.cols);
    await database.copyIn('segflow.run_scaled_features', ['run_id', 'profile_id', 'feature_values'], scaledRows());
    function* scaledRows(): Generator<[string, number, string]> {
      for (let i = 0; i < matrix.rows; i++) {
        scaleRow(scaler, weights, matrix.data.subarray(i * matrix.cols, (i + 1) * matrix.cols), scaled);
        yield [runId, profileIds[i], arrayLiteral(scaled)];
      }
    }
    return { profiles: matrix.rows, scaler, weights };
  });
}
