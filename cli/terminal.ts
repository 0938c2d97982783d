/** Terminal output: one place that knows whether we can redraw a line. */
const interactive = process.stderr.isTTY === true;
let openLine = false;

export function log(line: string): void {
  endProgress();
  process.stderr.write(`${line}\n`);
}

/** Redraws one status line on a terminal; on a pipe (CI, logs) prints only when the text changes. */
let lastProgress = '';
export function progress(text: string): void {
  if (interactive) {
    process.stderr.write(`\r\x1b[2K${text}`);
    openLine = true;
  } else if (text !== lastProgress) {
    process.stderr.write(`${text}\n`);
  }
  lastProgress = text;
}

export function endProgress(): void {
  if (openLine) process.stderr.write('\n');
  openLine = false;
}

export function bar(percent: number, width = 24): string {
  const filled = Math.round((Math.max(0, Math.min(100, percent)) / 100) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${percent.toFixed(0).padStart(3)}%`;
}

/** A plain text table, columns padded to their widest cell. */
export function formatTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column].length)));
  const line = (cells: readonly string[]): string => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd();
  return [line(headers), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}
