/** Text that is not well-formed CSV. */
export class CsvSyntaxError extends Error {
  override readonly name = 'CsvSyntaxError';
}

/**
 * RFC 4180 records (CRLF or LF line ends); a trailing newline does not make
 * an extra record. Fields may be quoted ("" inside quotes is a quote, and
 * quoted fields may contain commas and newlines).
 */
export function* parseCsv(text: string): Generator<string[]> {
  let position = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (position < text.length) {
    const fields: string[] = [];
    for (;;) {
      let field = '';
      if (text[position] === '"') {
        position++;
        for (;;) {
          const quote = text.indexOf('"', position);
          if (quote < 0) throw new CsvSyntaxError('unterminated quoted field');
          field += text.slice(position, quote);
          position = quote + 1;
          if (text[position] !== '"') break;
          field += '"';
          position++;
        }
      } else {
        let end = position;
        while (end < text.length && text[end] !== ',' && text[end] !== '\n' && text[end] !== '\r') end++;
        field = text.slice(position, end);
        position = end;
      }
      fields.push(field);
      if (text[position] === ',') {
        position++;
        continue;
      }
      if (text[position] === '\r') position++;
      if (text[position] === '\n') position++;
      break;
    }
    yield fields;
  }
}
