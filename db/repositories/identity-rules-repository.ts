import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { parseIdentityRules, type IdentityRules, type IdentityRulesInput } from '../../core/identity/identity-rules.js';
import type { SegflowDatabase } from '../open-database.js';

export interface StoredIdentityRules {
  /** 0 for the built-in defaults (nothing saved yet). */
  version: number;
  rules: IdentityRules;
  /** Hash of the validated rules: a refresh compares it to the last applied one to decide between incremental and full. */
  fingerprint: string;
}

/** The global identity rules: the newest saved version, or the defaults when none was saved. */
export async function loadIdentityRules(database: SegflowDatabase): Promise<StoredIdentityRules> {
  const row = await database.db
    .selectFrom('segflow.identity_rules')
    .select(['version', 'rules'])
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return storedRules(0, parseIdentityRules());
  return storedRules(row.version, parseIdentityRules(row.rules as IdentityRulesInput));
}

/** Validates (IdentityRulesError on bad input) and saves the rules as the next version; the next refresh is a full one. */
export async function saveIdentityRules(database: SegflowDatabase, input: IdentityRulesInput): Promise<StoredIdentityRules> {
  const rules = parseIdentityRules(input);
  // Two concurrent saves compute the same next version; the primary key makes the later one fail rather than overwrite.
  const { rows } = await sql<{ version: number }>`
    insert into segflow.identity_rules (version, rules)
    select coalesce(max(version), 0) + 1, ${JSON.stringify(rules)}::jsonb from segflow.identity_rules
    returning version`.execute(database.db);
  const row = rows[0];
  return storedRules(row.version, rules);
}

export function storedRules(version: number, rules: IdentityRules): StoredIdentityRules {
  return { version, rules, fingerprint: createHash('sha256').update(JSON.stringify(rules)).digest('hex') };
}
