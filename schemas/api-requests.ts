import { z } from 'zod';

export const idParamSchema = z.object({
  id: z.string().trim().min(1, 'id must not be empty').max(200),
});

export const startRunBodySchema = z.object({
  configId: z.string({ error: 'configId is required: the id returned by POST /v1/configs' }).min(1).max(200),
});

export const memberQuerySchema = z.object({
  segment: z.string().min(1).max(200).optional(),
  cursor: z.string().min(1).max(1000).optional(),
  limit: z.coerce
    .number({ error: 'limit must be a number' })
    .int('limit must be a whole number')
    .min(1, 'limit must be at least 1')
    .max(10_000, 'limit must be at most 10000')
    .default(1000),
  version: z.coerce.number().int().min(1).optional(),
});
