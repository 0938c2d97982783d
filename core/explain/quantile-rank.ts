/**
 * 0-based rank of the nearest-rank p-quantile among n > 0 ascending values:
 * the smallest value with at least p * n values at or below it. Always an
 * observed value, so a count feature never shows "8.5 sessions".
 */
export function quantileRank(n: number, p: number): number {
  return Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1));
}
