import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { permuteBits } from '../../../generator/permute-bits.js';

describe('permuteBits', () => {
  it('is a bijection on [0, 2^bits) for small and full widths', () => {
    for (const bits of [2, 7, 12, 16]) {
      const seen = new Set<number>();
      for (let value = 0; value < 2 ** bits; value++) {
        const permuted = permuteBits(value, bits, 12345);
        assert.ok(permuted >= 0 && permuted < 2 ** bits);
        seen.add(permuted);
      }
      assert.equal(seen.size, 2 ** bits, `bits ${bits}`);
    }
    const wide = new Set<number>();
    for (let value = 0; value < 100_000; value++) wide.add(permuteBits(value, 32, 99));
    assert.equal(wide.size, 100_000);
    assert.ok([...wide].every((value) => value >= 0 && value <= 0xffffffff));
  });

  it('depends on the salt and scatters consecutive values', () => {
    assert.notEqual(permuteBits(1, 32, 1), permuteBits(1, 32, 2));
    assert.ok(Math.abs(permuteBits(1, 20, 7) - permuteBits(2, 20, 7)) > 1);
  });

  it('rejects widths outside 2..32', () => {
    assert.throws(() => permuteBits(0, 1, 0), RangeError);
    assert.throws(() => permuteBits(0, 33, 0), RangeError);
  });
});
