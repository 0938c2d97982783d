import express, { Router } from 'express';
import type { SegflowDatabase } from '../../db/open-database.js';
import { scoreRunRecords } from '../../runtime/score-run-records.js';
import { idParamSchema } from '../../schemas/api-requests.js';

/** 10,000 records of a few dozen features: well above the app-wide 1 MB JSON limit. */
const SCORE_BODY_LIMIT = '16mb';

/**
 * Scoring against a run's stored model. The route parses its own bodies (JSON
 * or text/csv, up to SCORE_BODY_LIMIT), so mount it before the app's JSON parser.
 */
export function modelRoutes(database: SegflowDatabase): Router {
  const router = Router();
  router.post(
    '/v1/models/:runId/score',
    express.json({ limit: SCORE_BODY_LIMIT }),
    express.text({ type: 'text/csv', limit: SCORE_BODY_LIMIT }),
    async (request, response) => {
      const { id } = idParamSchema.parse({ id: request.params.runId });
      const input = request.is('text/csv') ? { format: 'csv' as const, text: String(request.body ?? '') } : { format: 'json' as const, body: request.body };
      response.json(await scoreRunRecords(database, id, input));
    },
  );
  return router;
}
