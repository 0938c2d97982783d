import { createBlockedValueTest } from './blocked-values.js';
import type { BlockedValueTest } from './blocked-values.js';
import { IdentityRulesError } from './errors.js';
import type { IdentityRules } from './identity-rules.js';
import { createNormalizer } from './normalizers.js';
import type { Normalizer } from './normalizers.js';

/** Rules turned into what the hot loops index: type index = priority rank (0 = highest). */
export interface CompiledIdentityRules {
  readonly rules: IdentityRules;
  readonly typeNames: readonly string[];
  /** Per type index: maxPerProfile. */
  readonly limits: Int32Array;
  readonly normalizers: readonly Normalizer[];
  readonly isBlocked: BlockedValueTest;
  readonly maxRecordsPerProfile: number;
}

export function compileIdentityRules(rules: IdentityRules): CompiledIdentityRules {
  const normalizers = rules.identifierTypes.map((type) => createNormalizer(type.normalizer, rules.defaultCountry));
  return {
    rules,
    typeNames: rules.identifierTypes.map((type) => type.name),
    limits: Int32Array.from(rules.identifierTypes, (type) => type.maxPerProfile),
    normalizers,
    isBlocked: createBlockedValueTest(rules, normalizers),
    maxRecordsPerProfile: rules.maxRecordsPerProfile,
  };
}

/** Index of a type name, for filling occurrenceType. */
export function identifierTypeIndex(compiled: CompiledIdentityRules, name: string): number {
  const index = compiled.typeNames.indexOf(name);
  if (index < 0) throw new IdentityRulesError(`unknown identifier type ${name}`);
  return index;
}
