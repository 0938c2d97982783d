/**
 * Kneedle-style knee of a decreasing curve (inertia against k): normalise
 * both axes to [0, 1] and return the x whose point lies farthest below the
 * chord from the first point to the last. A flat or too-short curve returns
 * the first x.
 */
export function findKnee(xs: readonly number[], ys: readonly number[]): number {
  if (xs.length !== ys.length || xs.length === 0) throw new RangeError(`findKnee needs equally long, non-empty series (got ${xs.length} and ${ys.length})`);
  const xMin = xs[0];
  const xSpan = xs[xs.length - 1] - xMin;
  const yMin = Math.min(...ys);
  const ySpan = Math.max(...ys) - yMin;
  if (xSpan === 0 || ySpan === 0) return xs[0];
  let knee = xs[0];
  let farthest = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = (xs[i] - xMin) / xSpan;
    const y = (ys[i] - yMin) / ySpan;
    // The chord of a normalised decreasing curve is y = 1 - x.
    const below = 1 - x - y;
    if (below > farthest) {
      farthest = below;
      knee = xs[i];
    }
  }
  return knee;
}
