/**
 * PostgreSQL COPY text format: one row per line, tab-separated, `\N` for
 * NULL, backslash escapes for backslash, tab, newline and carriage return.
 * Both COPY FROM (loading sources, identity maps) and COPY TO (reading large
 * inputs) use it because it is the cheapest format for both sides to parse.
 */
export type CopyValue = string | number | boolean | Date | null | undefined;

const NEEDS_ESCAPE = /[\\\t\n\r]/;

export function encodeCopyValue(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`cannot COPY non-finite number ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value instanceof Date) return value.toISOString();
  return NEEDS_ESCAPE.test(value) ? value.replace(/[\\\t\n\r]/g, escapeChar) : value;
}

export function encodeCopyRow(row: readonly CopyValue[]): string {
  let line = '';
  for (let i = 0; i < row.length; i++) {
    if (i > 0) line += '\t';
    line += encodeCopyValue(row[i]);
  }
  return line + '\n';
}

/** Splits one COPY text line (without its newline) into fields; NULL becomes null. */
export function decodeCopyLine(line: string): Array<string | null> {
  const fields = line.split('\t');
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i];
    if (field === '\\N') fields[i] = null as unknown as string;
    else if (field.includes('\\')) fields[i] = field.replace(/\\(.)/g, unescapeChar);
  }
  return fields;
}

function escapeChar(char: string): string {
  switch (char) {
    case '\\':
      return '\\\\';
    case '\t':
      return '\\t';
    case '\n':
      return '\\n';
    default:
      return '\\r';
  }
}

function unescapeChar(_match: string, char: string): string {
  switch (char) {
    case 't':
      return '\t';
    case 'n':
      return '\n';
    case 'r':
      return '\r';
    default:
      return char;
  }
}

/** One COPY text field → its value (`\N` → null); for readers that cut lines into fields themselves. */
export function decodeCopyValue(field: string): string | null {
  if (field === '\\N') return null;
  return field.includes('\\') ? field.replace(/\\(.)/g, unescapeChar) : field;
}
