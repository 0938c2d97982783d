import type { Random } from '../core/random.js';

/**
 * Distribution helpers for the generator. They take plain numbers and typed
 * arrays so the hot loop allocates nothing but the rows themselves.
 */

/** Poisson draw; Knuth's product method for small means, a rounded normal above 30 where it is a close fit. */
export function poisson(random: Random, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * random.normal()));
  const limit = Math.exp(-mean);
  let count = 0;
  let product = random.next();
  while (product > limit) {
    count++;
    product *= random.next();
  }
  return count;
}

/** Log-normal draw with the given median; sigma is the spread of the underlying normal. */
export function logNormal(random: Random, median: number, sigma: number): number {
  return median * Math.exp(sigma * random.normal());
}

/** A value in [min, max]; skew > 1 concentrates it near min, skew < 1 near max. */
export function skewedBetween(random: Random, min: number, max: number, skew: number): number {
  return min + (max - min) * Math.pow(random.next(), skew);
}

/** Writes the running sums of `weights` into `target` (same length) and returns the total. */
export function fillCumulative(weights: ArrayLike<number>, target: Float64Array): number {
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    total += weights[i];
    target[i] = total;
  }
  return total;
}

/** Index drawn proportionally to the weights behind `cumulative` (as filled by fillCumulative). */
export function pickCumulative(random: Random, cumulative: Float64Array): number {
  const last = cumulative.length - 1;
  const target = random.next() * cumulative[last];
  // Linear scan: every weight list here has at most a dozen entries.
  for (let i = 0; i < last; i++) {
    if (target < cumulative[i]) return i;
  }
  return last;
}
