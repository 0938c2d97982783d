import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import express, { type Request } from 'express';
import { defaultFeatureCatalog } from '../core/features/default-catalog.js';
import type { SegflowDatabase } from '../db/open-database.js';
import { findAudience, listAudienceMembers, listAudiences } from '../db/repositories/audience-repository.js';
import { findConfig, saveConfig, listConfigs } from '../db/repositories/config-repository.js';
import { NotFoundError } from '../db/repositories/run-repository.js';
import { idParamSchema, memberQuerySchema, startRunBodySchema } from '../schemas/api-requests.js';
import { segmentationConfigSchema } from '../schemas/segmentation-config.js';
import type { RunService } from '../runtime/run-service.js';
import { errorHandler, HttpError } from './http-errors.js';
import { explanationRoutes } from './routes/explanation-routes.js';
import { identityRoutes } from './routes/identity-routes.js';
import { modelRoutes } from './routes/model-routes.js';

export interface AppDependencies {
  database: SegflowDatabase;
  runs: RunService;
  log: (line: string) => void;
}

const dashboardsDirectory = fileURLToPath(new URL('../../dashboards/', import.meta.url));

/** The HTTP API: marketers create configs and runs, campaign tools read audiences. */
export function createApp({ database, runs, log }: AppDependencies): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(modelRoutes(database)); // before express.json: scoring bodies have their own, larger limit
  app.use(express.json({ limit: '1mb' }));

  app.get('/health', (_request, response) => {
    response.json({ status: 'ok' });
  });

  app.get('/v1/features', (_request, response) => {
    response.json({ features: defaultFeatureCatalog });
  });

  app.post('/v1/configs', async (request, response) => {
    const spec = segmentationConfigSchema.parse(requireBody(request));
    const config = await saveConfig(database, randomUUID(), spec);
    response.status(201).json(config);
  });

  app.get('/v1/configs', async (_request, response) => {
    response.json({ configs: await listConfigs(database) });
  });

  app.get('/v1/configs/:id', async (request, response) => {
    const { id } = idParamSchema.parse(request.params);
    response.json(await findConfig(database, id));
  });

  app.post('/v1/runs', async (request, response) => {
    const { configId } = startRunBodySchema.parse(requireBody(request));
    try {
      await findConfig(database, configId);
    } catch (error) {
      if (error instanceof NotFoundError) throw new HttpError(400, `configId: ${error.message}`, 'configId');
      throw error;
    }
    const started = await runs.startRun(configId);
    response.status(202).location(`/v1/runs/${started.runId}`).json(started);
  });

  app.get('/v1/runs/:id', async (request, response) => {
    const { id } = idParamSchema.parse(request.params);
    response.json(await runs.getRun(id));
  });

  app.get('/v1/runs/:id/report', async (request, response) => {
    const { id } = idParamSchema.parse(request.params);
    const row = await database.db.selectFrom('segflow.run_reports').select('report').where('run_id', '=', id).executeTakeFirst();
    if (!row) throw new NotFoundError(`run ${id} has no report (it does not exist or has not reached the report step)`);
    response.json({ runId: id, report: row.report });
  });

  app.get('/v1/audiences', async (_request, response) => {
    response.json({ audiences: await listAudiences(database) });
  });

  app.get('/v1/audiences/:id', async (request, response) => {
    const { id } = idParamSchema.parse(request.params);
    response.json(await findAudience(database, id));
  });

  app.get('/v1/audiences/:id/members', async (request, response) => {
    const { id } = idParamSchema.parse(request.params);
    const query = memberQuerySchema.parse(request.query);
    response.json(
      await listAudienceMembers(database, {
        audienceId: id,
        segmentId: query.segment,
        cursor: query.cursor,
        limit: query.limit,
        version: query.version,
      }),
    );
  });

  app.use(explanationRoutes(database));
  app.use(identityRoutes(database));
  app.use('/', express.static(dashboardsDirectory));

  app.use((request, _response, next) => {
    next(new HttpError(404, `no route ${request.method} ${request.path}; see the API section of the README`));
  });
  app.use(errorHandler(log));
  return app;
}

function requireBody(request: Request): unknown {
  if (request.body === undefined || request.body === null) {
    throw new HttpError(400, 'request body is missing: send a JSON object with Content-Type: application/json', '(body)');
  }
  return request.body;
}
