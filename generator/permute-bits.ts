/**
 * A seeded bijection on [0, 2^bits). Ids built from it look random but are
 * unique by construction (one counter value, one id), so no collision check
 * or lookup set is needed even at millions of ids. Every step is invertible
 * modulo 2^bits: xor with a constant, xor-shift right, multiply by an odd constant.
 */
export function permuteBits(value: number, bits: number, salt: number): number {
  if (!Number.isInteger(bits) || bits < 2 || bits > 32) throw new RangeError(`permuteBits: bits must be in 2..32, got ${bits}`);
  const mask = bits === 32 ? 0xffffffff : 2 ** bits - 1;
  const shift = bits >>> 1;
  let x = ((value ^ salt) & mask) >>> 0;
  x ^= x >>> shift;
  x = (Math.imul(x, 0x7feb352d) & mask) >>> 0;
  x ^= x >>> shift;
  x = (Math.imul(x, 0x846ca68b) & mask) >>> 0;
  x ^= x >>> shift;
  return x >>> 0;
}
