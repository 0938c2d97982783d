import { Router } from 'express';
import type { SegflowDatabase } from '../../db/open-database.js';
import { auditProfile, auditRecordPair } from '../../db/repositories/identity-audit.js';
import { dryRunIdentityRules } from '../../db/repositories/identity-dry-run.js';
import { loadIdentityRules, saveIdentityRules } from '../../db/repositories/identity-rules-repository.js';
import { findIdentityRun } from '../../db/repositories/identity-run-repository.js';
import { idParamSchema } from '../../schemas/api-requests.js';
import { identityRulesBodySchema, profileIdParamSchema, recordPairQuerySchema } from '../../schemas/identity-requests.js';

/**
 * Identity resolution over HTTP: audits ("why is this one profile?"), dry
 * runs of rule changes, the global rules, and each run's quality report.
 */
export function identityRoutes(database: SegflowDatabase): Router {
  const router = Router();

  router.get('/v1/profiles/:id/identity', async (request, response) => {
    const { id } = profileIdParamSchema.parse(request.params);
    response.json(await auditProfile(database, id));
  });

  router.get('/v1/identity/connection', async (request, response) => {
    const { records } = recordPairQuerySchema.parse(request.query);
    response.json(await auditRecordPair(database, records[0], records[1]));
  });

  router.post('/v1/identity/dry-run', async (request, response) => {
    const { rules } = identityRulesBodySchema.parse(request.body ?? {});
    response.json(await dryRunIdentityRules(database, rules));
  });

  router.get('/v1/identity/rules', async (_request, response) => {
    const { version, rules } = await loadIdentityRules(database);
    response.json({ version, rules });
  });

  router.put('/v1/identity/rules', async (request, response) => {
    const { rules } = identityRulesBodySchema.parse(request.body ?? {});
    const saved = await saveIdentityRules(database, rules);
    response.json({ version: saved.version, rules: saved.rules });
  });

  router.get('/v1/runs/:id/identity-quality', async (request, response) => {
    const { id } = idParamSchema.parse(request.params);
    response.json(await findIdentityRun(database, id));
  });

  return router;
}
