import { isSupportedCountry } from 'libphonenumber-js/min';
import { z } from 'zod';
import { IdentityRulesError } from './errors.js';

/** How raw values of an identifier type are made comparable. */
export const normalizerKinds = ['email', 'phone', 'id'] as const;
export type NormalizerKind = (typeof normalizerKinds)[number];

const identifierTypeSchema = z.object({
  /** Type name, e.g. 'email'; occurrences refer to types by their index in `identifierTypes`. */
  name: z.string().min(1),
  normalizer: z.enum(normalizerKinds),
  /** Most distinct values of this type one profile may hold; a merge that would exceed it is refused. */
  maxPerProfile: z.int().min(1),
});

/**
 * Defaults, highest priority first. One crm id and one product user id per
 * profile: a device shared by a household (both log in from it) otherwise
 * joins two people, which cost 0.5% pairwise precision on the generator's
 * data at 1M people (0.9948 → 0.9980, linkable recall 1.0 → 0.9987). CRMs
 * that keep duplicate contacts of one person raise crm_id's limit.
 */
const defaultIdentifierTypes: z.input<typeof identifierTypeSchema>[] = [
  { name: 'crm_id', normalizer: 'id', maxPerProfile: 1 },
  { name: 'product_user_id', normalizer: 'id', maxPerProfile: 1 },
  { name: 'email', normalizer: 'email', maxPerProfile: 5 },
  { name: 'phone', normalizer: 'phone', maxPerProfile: 3 },
  { name: 'anonymous_id', normalizer: 'id', maxPerProfile: 20 },
];

/** Source table → identifier column → identifier type name; tells the reader which columns to load. */
const defaultSources: Record<string, Record<string, string>> = {
  crm_contacts: { contact_id: 'crm_id', email: 'email', phone: 'phone' },
  web_sessions: { anonymous_id: 'anonymous_id', email: 'email', user_id: 'product_user_id' },
  product_users: { product_user_id: 'product_user_id', email: 'email' },
};

const blockedSchema = z.object({
  /** Exact normalized values that never link, for every type. */
  values: z.array(z.string()).default([]),
  /** Regex sources (case-insensitive) tested against normalized values of every type. */
  patterns: z.array(z.string()).default([]),
  /** Exact normalized values per type name. */
  valuesByType: z.record(z.string(), z.array(z.string())).default({}),
  /** Turn off the built-in junk list (see blocked-values.ts). */
  builtin: z.boolean().default(true),
});

export const identityRulesSchema = z
  .object({
    /** Identifier types in priority order: links of earlier types are made first and win limit conflicts. */
    identifierTypes: z.array(identifierTypeSchema).min(1).max(255).default(defaultIdentifierTypes),
    sources: z.record(z.string(), z.record(z.string(), z.string())).default(defaultSources),
    /** ISO country for phones written without a country code. */
    defaultCountry: z.string().refine((code) => isSupportedCountry(code), 'unsupported country').default('US'),
    /**
     * Over-merge guard: most records one profile may hold. Records, not
     * identifiers, because distinct identifiers are already capped by the
     * per-type limits (35 by default); 2,000 leaves room for a heavy visitor's
     * hundreds of web sessions while stopping a bot cookie or junk value from
     * gluing thousands of records together.
     */
    maxRecordsPerProfile: z.int().min(1).default(2000),
    blocked: blockedSchema.default({ values: [], patterns: [], valuesByType: {}, builtin: true }),
  })
  .superRefine((rules, context) => {
    // Each issue carries its path, so API errors name the offending field.
    const names = new Set<string>();
    rules.identifierTypes.forEach((type, index) => {
      if (names.has(type.name)) context.addIssue({ code: 'custom', path: ['identifierTypes', index, 'name'], message: `duplicate identifier type ${type.name}` });
      names.add(type.name);
    });
    for (const [source, columns] of Object.entries(rules.sources)) {
      for (const [column, type] of Object.entries(columns)) {
        if (!names.has(type)) context.addIssue({ code: 'custom', path: ['sources', source, column], message: `${source}.${column} uses unknown identifier type ${type}` });
      }
    }
    for (const type of Object.keys(rules.blocked.valuesByType)) {
      if (!names.has(type)) context.addIssue({ code: 'custom', path: ['blocked', 'valuesByType', type], message: `blocked.valuesByType names unknown identifier type ${type}` });
    }
    rules.blocked.patterns.forEach((pattern, index) => {
      try {
        new RegExp(pattern, 'i');
      } catch {
        context.addIssue({ code: 'custom', path: ['blocked', 'patterns', index], message: `blocked pattern is not a valid regex: ${pattern}` });
      }
    });
  });

export type IdentityRules = z.output<typeof identityRulesSchema>;
export type IdentityRulesInput = z.input<typeof identityRulesSchema>;
export type IdentifierType = IdentityRules['identifierTypes'][number];

/** Validated rules with defaults filled in; throws IdentityRulesError listing every problem. */
export function parseIdentityRules(input: IdentityRulesInput = {}): IdentityRules {
  const parsed = identityRulesSchema.safeParse(input);
  if (!parsed.success) throw new IdentityRulesError(z.prettifyError(parsed.error));
  return parsed.data;
}
