import type { Matrix } from '../matrix.js';
import type { Random } from '../random.js';
import { ClusteringInputError } from './errors.js';
import { squaredDistance } from './squared-distance.js';
import { yieldToEventLoop } from './yield-to-event-loop.js';

/**
 * Greedy k-means++ seeding as in scikit-learn: each new centre is the best of
 * 2 + floor(ln k) candidates drawn with probability proportional to the
 * squared distance to the nearest centre so far, "best" meaning the one that
 * leaves the lowest potential (sum of squared distances). Returns k x cols
 * centres copied from rows of matrix.
 */
export async function kmeansPlusPlus(matrix: Matrix, k: number, random: Random): Promise<Float64Array> {
  const { data, rows, cols } = matrix;
  if (!Number.isInteger(k) || k < 1 || k > rows) throw new ClusteringInputError(`k must be an integer in [1, ${rows}], got ${k}`);
  const centres = new Float64Array(k * cols);
  const trials = 2 + Math.floor(Math.log(k));
  const first = random.int(rows);
  centres.set(data.subarray(first * cols, (first + 1) * cols), 0);

  let closest = new Float64Array(rows);
  let potential = 0;
  for (let i = 0; i < rows; i++) {
    const distance = squaredDistance(data, i * cols, centres, 0, cols);
    closest[i] = distance;
    potential += distance;
  }
  let candidate = new Float64Array(rows);
  let best = new Float64Array(rows);
  const cumulative = new Float64Array(rows);

  for (let c = 1; c < k; c++) {
    let running = 0;
    for (let i = 0; i < rows; i++) {
      running += closest[i];
      cumulative[i] = running;
    }
    let bestPotential = Infinity;
    let bestRow = -1;
    for (let t = 0; t < trials; t++) {
      const row = Math.min(rows - 1, searchSorted(cumulative, random.next() * potential));
      let candidatePotential = 0;
      for (let i = 0; i < rows; i++) {
        const distance = Math.min(closest[i], squaredDistance(data, i * cols, data, row * cols, cols));
        candidate[i] = distance;
        candidatePotential += distance;
      }
      if (candidatePotential < bestPotential) {
        bestPotential = candidatePotential;
        bestRow = row;
        [best, candidate] = [candidate, best];
      }
      // One candidate pass is about one Lloyd iteration of work: let heartbeats through.
      await yieldToEventLoop();
    }
    [closest, best] = [best, closest];
    potential = bestPotential;
    centres.set(data.subarray(bestRow * cols, (bestRow + 1) * cols), c * cols);
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
