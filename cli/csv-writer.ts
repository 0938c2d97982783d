import { open } from 'node:fs/promises';

export type CsvValue = string | number;

/** Bytes gathered before each write: big files (shap.csv) never sit in memory whole. */
const CHUNK_CHARS = 1 << 20;

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. Numbers keep full precision. */
export function csvField(value: CsvValue): string {
  if (typeof value === 'number') return String(value);
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Writes a header and rows, one LF-terminated record each. */
export async function writeCsvFile(path: string, header: readonly string[], rows: Iterable<readonly CsvValue[]>): Promise<void> {
  const file = await open(path, 'w');
  try {
    let chunk = `${header.map(csvField).join(',')}\n`;
    for (const row of rows) {
      chunk += `${row.map(csvField).join(',')}\n`;
      if (chunk.length >= CHUNK_CHARS) {
        await file.write(chunk);
        chunk = '';
      }
    }
    await file.write(chunk);
  } finally {
    await file.close();
  }
}
