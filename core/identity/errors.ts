/** Identity rules that fail validation (unknown type names, duplicate types, bad regexes). */
export class IdentityRulesError extends Error {
  override readonly name = 'IdentityRulesError';
}

/** Columnar identity input whose arrays disagree in length or point outside their range. */
export class IdentityInputError extends Error {
  override readonly name = 'IdentityInputError';
}
