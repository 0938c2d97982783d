import { createRandom } from '../../../core/random.js';
import { compileIdentityRules } from '../../../core/identity/compile-identity-rules.js';
import type { CompiledIdentityRules } from '../../../core/identity/compile-identity-rules.js';
import { identityInputFromRecords } from '../../../core/identity/identity-input.js';
import type { IdentityInput, IdentityRecord } from '../../../core/identity/identity-input.js';
import { parseIdentityRules } from '../../../core/identity/identity-rules.js';
import type { IdentityRulesInput } from '../../../core/identity/identity-rules.js';
import { resolveIdentities } from '../../../core/identity/resolve-identities.js';
import type { IdentityResolution } from '../../../core/identity/resolve-identities.js';

export function rules(input: IdentityRulesInput = {}): CompiledIdentityRules {
  return compileIdentityRules(parseIdentityRules(input));
}

/** Defaults, except that a profile may hold 5 crm ids: a CRM that keeps duplicate contacts of one person. */
export function duplicateContactRules(): CompiledIdentityRules {
  const identifierTypes = parseIdentityRules().identifierTypes.map((type) => (type.name === 'crm_id' ? { ...type, maxPerProfile: 5 } : type));
  return rules({ identifierTypes });
}

export function resolve(records: readonly IdentityRecord[], compiled: CompiledIdentityRules = rules()): IdentityResolution {
  return resolveIdentities(identityInputFromRecords(records, compiled), compiled);
}

/** Profiles as sorted lists of record keys, sorted: comparable across input orders. */
export function partition(resolution: IdentityResolution): string[][] {
  const groups = new Map<number, string[]>();
  resolution.profileOf.forEach((profile, r) => {
    const group = groups.get(profile) ?? [];
    group.push(resolution.input.recordKeys.key(r));
    groups.set(profile, group);
  });
  return [...groups.values()].map((group) => group.sort()).sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

export function sameProfile(resolution: IdentityResolution, a: string, b: string): boolean {
  const keys = resolution.input.recordKeys.toArray();
  return resolution.profileOf[keys.indexOf(a)] === resolution.profileOf[keys.indexOf(b)];
}

export interface SyntheticPeople {
  readonly records: IdentityRecord[];
  /** Per record: its person. */
  readonly person: number[];
}

/**
 * Small CDP-like population: CRM contacts (sometimes duplicated, sometimes
 * with a second email), product users, web sessions on 1-3 devices that log
 * in some of the time.
 */
export function syntheticPeople(people: number, seed: number): SyntheticPeople {
  const random = createRandom(seed);
  const records: IdentityRecord[] = [];
  const person: number[] = [];
  let contact = 0;
  let session = 0;
  for (let p = 0; p < people; p++) {
    const email = `person${p}@example${p % 7}.org`;
    const phone = `(212) 55${String(p % 10)}-${String(1000 + p).slice(-4)}`;
    const contacts = random.next() < 0.7 ? 1 + random.int(2) : 0;
    for (let c = 0; c < contacts; c++) {
      records.push({ key: `crm_contacts:${contact}`, identifiers: { crm_id: String(contact), email: c === 0 ? email : ` ${email.toUpperCase()}`, phone } });
      person.push(p);
      contact++;
    }
    const user = random.next() < 0.5 ? `u${p}` : null;
    if (user !== null) {
      records.push({ key: `product_users:${user}`, identifiers: { product_user_id: user, email } });
      person.push(p);
    }
    const devices = 1 + random.int(3);
    const sessions = random.int(6);
    for (let s = 0; s < sessions; s++) {
      const loggedIn = random.next() < 0.5;
      records.push({
        key: `web_sessions:${session++}`,
        identifiers: { anonymous_id: `anon-${p}-${random.int(devices)}`, email: loggedIn ? email : null, product_user_id: loggedIn ? user : null },
      });
      person.push(p);
    }
  }
  return { records, person };
}

export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = createRandom(seed);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

export type { IdentityInput };
