import { Router } from 'express';
import { explainProfile } from '../../core/explain/index.js';
import type { SegmentExplanation } from '../../core/explain/index.js';
import type { SegflowDatabase } from '../../db/open-database.js';
import { loadRunModel } from '../../db/repositories/model-repository.js';
import {
  latestPublishedRunOf,
  loadExplanationBackground,
  loadProfileVectors,
} from '../../db/repositories/profile-explanation-repository.js';
import { NotFoundError } from '../../db/repositories/run-repository.js';
import { explanationQuerySchema, profileIdParamSchema } from '../../schemas/profile-explanation-request.js';

type NamedSegmentExplanation = SegmentExplanation & { segmentId: string; name: string };

/**
 * GET /v1/profiles/:id/explanation?run=RUN_ID: "why is this customer in segment c?"
 * Default run: the one behind the most recently published audience holding the profile.
 * Reads one profile's rows and the run's model and report background; never the population.
 */
export function explanationRoutes(database: SegflowDatabase): Router {
  const router = Router();
  router.get('/v1/profiles/:id/explanation', async (request, response) => {
    const { id: profileId } = profileIdParamSchema.parse(request.params);
    const { run } = explanationQuerySchema.parse(request.query);
    const runId = run ?? (await latestPublishedRunOf(database, profileId));
    if (runId === null) throw new NotFoundError(`profile ${profileId} is in no published audience; pass ?run=RUN_ID to explain it in a run`);

    const background = await loadExplanationBackground(database, runId);
    if (background === null) throw new NotFoundError(`run ${runId} has no report (it does not exist or has not reached the report step)`);
    const model = await loadRunModel(database, runId);
    const vectors = await loadProfileVectors(database, runId, profileId);
    if (vectors === null) throw new NotFoundError(`profile ${profileId} is not in run ${runId}`);

    const explanation = explainProfile({
      centroids: Float64Array.from(model.centroids),
      k: model.k,
      featureNames: model.featureNames,
      featureMeans: Float64Array.from(background.scaledFeatureMeans),
      z: Float64Array.from(vectors.scaled),
      original: Float64Array.from(vectors.original),
      featureMeta: background.featureMeta,
      // The stored assignment: a bisecting tree's leaf is not always the highest logit.
      segment: vectors.segment,
      segmentNames: background.segmentNames,
    });
    const segmentOf = (entry: SegmentExplanation): NamedSegmentExplanation => ({
      ...entry,
      segmentId: model.segmentIds[entry.segment],
      name: background.segmentNames[entry.segment],
    });
    response.json({
      profileId,
      runId,
      algorithm: model.algorithm,
      segment: explanation.segment,
      segmentId: model.segmentIds[explanation.segment],
      name: background.segmentNames[explanation.segment],
      logits: explanation.logits.map((logit, segment) => ({ segment, segmentId: model.segmentIds[segment], logit })),
      assigned: segmentOf(explanation.assigned),
      runnerUp: explanation.runnerUp === null ? null : segmentOf(explanation.runnerUp),
      reasons: explanation.reasons,
    });
  });
  return router;
}
