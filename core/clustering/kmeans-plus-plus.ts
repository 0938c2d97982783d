import type { Matrix } from '../matrix.js';
import type { Random } from '../random.js';
import { ClusteringInputError } from './errors.js';
import { createSeedingKernel } from './seeding-kernel.js';
import { yieldToEventLoop } from './yield-to-event-loop.js';

/**
 * Greedy k-means++ seeding as in scikit-learn: each new centre is the best of
 * 2 + floor(ln k) candidates drawn with probability proportional to the
 * squared distance to the nearest centre so far, "best" meaning the one that
 * leaves the lowest potential (sum of squared distances). Returns k x cols
 * centres copied from rows of matrix.
 *
 * The candidates of one step are drawn before any is evaluated (the draws do
 * not depend on each other), so one pass over the rows in WebAssembly
 * evaluates them all; potentials are sums in row order, as a plain loop adds them.
 */
export async function kmeansPlusPlus(matrix: Matrix, k: number, random: Random): Promise<Float64Array> {
  const { data, rows, cols } = matrix;
  if (!Number.isInteger(k) || k < 1 || k > rows) throw new ClusteringInputError(`k must be an integer in [1, ${rows}], got ${k}`);
  const centres = new Float64Array(k * cols);
  const trials = 2 + Math.floor(Math.log(k));
  const kernel = createSeedingKernel(data, rows, cols, trials);
  const first = random.int(rows);
  centres.set(data.subarray(first * cols, (first + 1) * cols), 0);

  const nearer = Array.from({ length: trials }, () => new Float64Array(rows));
  let closest = new Float64Array(rows).fill(Infinity);
  let potential = kernel.nearer([first], closest, nearer)[0];
  [closest, nearer[0]] = [nearer[0], closest];
  const cumulative = new Float64Array(rows);

  for (let c = 1; c < k; c++) {
    let running = 0;
    for (let i = 0; i < rows; i++) {
      running += closest[i];
      cumulative[i] = running;
    }
    const candidates = Array.from({ length: trials }, () => Math.min(rows - 1, searchSorted(cumulative, random.next() * potential)));
    const potentials = kernel.nearer(candidates, closest, nearer);
    // The first of the lowest potentials wins (none on non-finite input: the fit's input check reports that).
    let best = 0;
    for (let t = 1; t < trials; t++) if (potentials[t] < potentials[best]) best = t;
    [closest, nearer[best]] = [nearer[best], closest];
    potential = potentials[best];
    centres.set(data.subarray(candidates[best] * cols, (candidates[best] + 1) * cols), c * cols);
    // One step is a few Lloyd passes of work: let heartbeats through.
    await yieldToEventLoop();
  }
  return centres;
}

/** First index whose cumulative value is >= target (numpy's searchsorted, side='left'). */
function searchSorted(cumulative: Float64Array, target: number): number {
  let low = 0;
  let high = cumulative.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (cumulative[mid] < target) low = mid + 1;
    else high = mid;
  }
  return low;
}
