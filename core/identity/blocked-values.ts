import type { IdentityRules } from './identity-rules.js';
import type { Normalizer } from './normalizers.js';

/**
 * Placeholder values people and forms type when they have nothing real;
 * compared lowercased. Not '0' or single digits: those are real serial ids.
 */
export const builtinBlockedValues: readonly string[] = [
  '', 'null', 'undefined', 'nil', 'none', 'nan', 'n/a', 'na', '-', '-1', 'unknown', 'anonymous', 'anon',
  'guest', 'test', 'default', 'true', 'false', '[object object]',
  'test@test.com', 'test@example.com', 'email@example.com', 'example@example.com', 'user@example.com',
  'noemail@noemail.com', 'no@email.com', 'none@none.com', 'null@null.com', 'a@a.com', 'abc@abc.com',
  'asdf@asdf.com', 'test@gmail.com', 'noreply@noreply.com',
];

/** Shapes of junk rather than single values; tested against the lowercased normalized value. */
export const builtinBlockedPatterns: readonly RegExp[] = [
  // A character other than 1-9 repeated ('00', 'xxxx', '----'), and nil UUIDs; '11' or '7' may be real ids.
  /^([^1-9])\1+$/,
  /^[0-]{2,}$/,
  // Mailboxes that are never a person.
  /^(?:no-?e?mail|no-?reply|do-?not-?reply|none|null|unknown|nobody|test)@/,
  // Phones whose national digits are one repeated digit or a counting run (+10000000000, +15555555555, +11234567890).
  /^\+\d{0,3}?(\d)\1{5,}$/,
  /^\+\d{0,3}?(?:0?1234567890?|0?9876543210?)$/,
];

/** Whether a normalized value of a type must never link records. */
export type BlockedValueTest = (typeIndex: number, value: string) => boolean;

/**
 * Built-ins plus the rules' own values and regexes. User values are compared
 * case-insensitively; per-type values are first normalized like the data, so
 * '(555) 010-9999' blocks '+15550109999'.
 */
export function createBlockedValueTest(rules: IdentityRules, normalizers: readonly Normalizer[]): BlockedValueTest {
  const global = new Set(rules.blocked.values.map((value) => value.toLowerCase()));
  if (rules.blocked.builtin) for (const value of builtinBlockedValues) global.add(value);
  const patterns = rules.blocked.patterns.map((source) => new RegExp(source, 'i'));
  if (rules.blocked.builtin) patterns.push(...builtinBlockedPatterns);
  const byType = rules.identifierTypes.map((type, index) => {
    const values = new Set<string>();
    for (const raw of rules.blocked.valuesByType[type.name] ?? []) {
      values.add(raw.toLowerCase());
      const normalized = normalizers[index](raw);
      if (normalized !== null) values.add(normalized.toLowerCase());
    }
    return values;
  });
  return (typeIndex: number, value: string): boolean => {
    const lower = value.toLowerCase();
    if (global.has(lower) || byType[typeIndex].has(lower)) return true;
    for (const pattern of patterns) if (pattern.test(lower)) return true;
    return false;
  };
}
