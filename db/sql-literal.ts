/**
 * Quotes a string as an SQL literal for the few statements that cannot take
 * parameters (COPY (query) TO ...). standard_conforming_strings is on in every
 * supported PostgreSQL, so doubling single quotes is the whole escape.
 */
export function quoteLiteral(value: string): string {
  if (value.includes('\0')) throw new RangeError('SQL literals cannot contain NUL characters');
  return `'${value.replace(/'/g, "''")}'`;
}

/** A bigint[] literal of whole numbers, for statements that cannot take parameters. */
export function bigintArrayLiteral(values: readonly number[]): string {
  return `${quoteLiteral(`{${values.map((value) => Math.floor(value)).join(',')}}`)}::bigint[]`;
}

/**
 * The condition "the identity map row `alias` lies in one of these candidate
 * components", exact and written so that each branch has an index (see
 * migrations/0004-identity-candidate-index.ts): a component's key is its
 * smallest profile id, so its rows either have that profile id and carry it
 * as their key, or are among the few whose key differs from their profile id.
 */
export function inCandidateComponents(alias: string, candidateIds: readonly number[]): string {
  const ids = bigintArrayLiteral(candidateIds);
  return (
    `((${alias}.profile_id = any(${ids}) and ${alias}.candidate_id = ${alias}.profile_id) ` +
    `or (${alias}.candidate_id = any(${ids}) and ${alias}.candidate_id <> ${alias}.profile_id))`
  );
}
