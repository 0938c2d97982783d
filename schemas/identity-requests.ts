import { z } from 'zod';
import { identityRulesSchema } from '../core/identity/identity-rules.js';

export const profileIdParamSchema = z.object({
  id: z.coerce.number({ error: 'id must be a profile id (a number)' }).int('id must be a whole number').min(1, 'id must be at least 1'),
});

/** Candidate rules for a dry run or to save: `{ "rules": { ... } }`, so errors name e.g. rules.identifierTypes.0.maxPerProfile. */
export const identityRulesBodySchema = z.object({
  rules: identityRulesSchema,
});

export const recordPairQuerySchema = z.object({
  records: z
    .string({ error: 'records is required: two record keys, source:record_id, separated by a comma' })
    .transform((text) => text.split(',').map((key) => key.trim()))
    .refine((keys) => keys.length === 2 && keys.every((key) => /^[a-z_]+:.+$/.test(key)), 'records must be two record keys source:record_id separated by a comma'),
});
