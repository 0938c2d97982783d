import { z } from 'zod';

/** Profile ids are bigint serials: only digits, and within what a JSON number holds exactly. */
export const profileIdParamSchema = z.object({
  id: z
    .string()
    .regex(/^[1-9][0-9]{0,14}$/, 'id must be a profile id: a positive whole number')
    .transform(Number),
});

export const explanationQuerySchema = z.object({
  run: z.string().trim().min(1, 'run must not be empty').max(200).optional(),
});
