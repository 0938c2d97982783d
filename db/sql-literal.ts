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
