/**
 * Builds COPY text as UTF-8 bytes in chunks of about a megabyte, for writers
 * of millions of rows: no string per row or field, and no encoding pass
 * before the bytes go to the socket. A row starts with `reserve`, which
 * hands back the full chunk to send whenever the row would not fit.
 */
export class CopyBytesWriter {
  private chunk: Buffer;
  private position = 0;

  constructor(private readonly chunkLength = 1 << 20) {
    this.chunk = Buffer.allocUnsafe(chunkLength);
  }

  /** Makes room for a row of at most `length` bytes; returns the chunk written so far when it had to start a new one, else null. */
  reserve(length: number): Uint8Array | null {
    if (this.position + length <= this.chunk.length) return null;
    const full = this.chunk.subarray(0, this.position);
    this.chunk = Buffer.allocUnsafe(Math.max(this.chunkLength, length));
    this.position = 0;
    return full;
  }

  /** Copies bytes[start..end), text already in COPY form (escaped). */
  bytes(bytes: Uint8Array, start = 0, end = bytes.length): void {
    const { chunk } = this;
    let position = this.position;
    for (let i = start; i < end; i++) chunk[position++] = bytes[i];
    this.position = position;
  }

  /** A whole number (|value| < 2^53) in decimal, then `separator` (a tab or a newline). */
  integer(value: number, separator: number): void {
    const { chunk } = this;
    let position = this.position;
    if (value < 0) {
      chunk[position++] = 0x2d;
      value = -value;
    }
    // Below 2^31 a digit comes from integer division, cheaper than Math.floor on doubles.
    const small = value < 0x80000000;
    let digits = 1;
    for (let rest = value; rest >= 10; rest = small ? (rest / 10) | 0 : Math.floor(rest / 10)) digits++;
    for (let i = position + digits - 1; i >= position; i--) {
      const next = small ? (value / 10) | 0 : Math.floor(value / 10);
      chunk[i] = 0x30 + (value - next * 10);
      value = next;
    }
    chunk[position + digits] = separator;
    this.position = position + digits + 1;
  }

  /** What is left to send. */
  finish(): Uint8Array {
    return this.chunk.subarray(0, this.position);
  }
}

export const COPY_TAB = 0x09;
export const COPY_NEWLINE = 0x0a;
/** Room for one integer field with its separator: a sign and 16 digits (below 2^53), one byte more. */
export const COPY_INTEGER_LENGTH = 19;
