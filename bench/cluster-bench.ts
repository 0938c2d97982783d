import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { kmeans } from '../core/clustering/kmeans.js';
import type { KMeansResult } from '../core/clustering/kmeans.js';
import { kmeansPlusPlus } from '../core/clustering/kmeans-plus-plus.js';
import type { Matrix } from '../core/matrix.js';
import { createRandom } from '../core/random.js';

const run = promisify(execFile);

export interface ClusterBenchOptions {
  readonly rows: number;
  readonly dims: number;
  readonly k: number;
  readonly seed: number;
}

const TOLERANCE = 1e-4;
const MAX_ITERATIONS = 300;
/** Timed fits per side, alternating segflow and scikit-learn; the figures are medians. */
const SAMPLES = 5;

/**
 * Times segflow's k-means on seeded synthetic blobs and, when Debian's
 * scikit-learn is importable, sklearn's Lloyd from the very same starting
 * centres with the same tolerance rule, so `ratio` compares the fits alone
 * (seeding is timed separately as `seeding_seconds`).
 *
 * Each side first fits once untimed for the ratio (`cold_seconds`,
 * `sklearn_cold_seconds`: segflow starts its worker threads, sklearn its
 * thread pools), then SAMPLES timed fits alternate between the two, sklearn
 * in one long-lived Python process that read the data once. `seconds`,
 * `sklearn_seconds` and `ratio` are medians; every sample is reported too,
 * with the load average, so one noisy draw cannot pass for the figure.
 */
export async function benchCluster(options: ClusterBenchOptions): Promise<Record<string, unknown>> {
  const { rows, dims, k, seed } = options;
  const matrix = makeBlobs(rows, dims, k, seed);
  const seedingStart = performance.now();
  const start = await kmeansPlusPlus(matrix, k, createRandom(seed));
  const seedingSeconds = (performance.now() - seedingStart) / 1000;
  const fit = async (): Promise<{ seconds: number; result: KMeansResult }> => {
    const fitStart = performance.now();
    const result = await kmeans(matrix, { k, seed, initialCentroids: start, tolerance: TOLERANCE, maxIterations: MAX_ITERATIONS });
    return { seconds: (performance.now() - fitStart) / 1000, result };
  };
  const sklearn = await startSklearn(matrix, start, k);
  try {
    const cold = await fit();
    const sklearnCold = sklearn === null ? null : await sklearn.fit();
    const seconds: number[] = [];
    const sklearnSeconds: number[] = [];
    let result = cold.result;
    let sklearnFit = sklearnCold;
    for (let sample = 0; sample < SAMPLES; sample++) {
      const ours = await fit();
      seconds.push(ours.seconds);
      result = ours.result;
      if (sklearn !== null) {
        sklearnFit = await sklearn.fit();
        sklearnSeconds.push(sklearnFit.seconds);
      }
    }
    const median = medianOf(seconds);
    const report: Record<string, unknown> = {
      rows,
      dims,
      k,
      seed,
      threads: Math.min(2, availableParallelism()),
      samples: SAMPLES,
      seeding_seconds: round(seedingSeconds),
      cold_seconds: round(cold.seconds),
      seconds_samples: seconds.map(round),
      seconds: round(median),
      iterations: result.iterations,
      ms_per_iteration: round((median * 1000) / result.iterations),
      inertia: result.inertia,
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
    if (sklearn === null || sklearnFit === null || sklearnCold === null) {
      report.sklearn = 'unavailable (python3 with scikit-learn not found)';
    } else {
      const sklearnMedian = medianOf(sklearnSeconds);
      Object.assign(report, {
        sklearn_cold_seconds: round(sklearnCold.seconds),
        sklearn_seconds_samples: sklearnSeconds.map(round),
        sklearn_seconds: round(sklearnMedian),
        sklearn_iterations: sklearnFit.iterations,
        sklearn_inertia: sklearnFit.inertia,
        sklearn_peak_rss_mb: sklearnFit.peak_rss_mb,
        ratio_samples: seconds.map((value, sample) => round(value / sklearnSeconds[sample])),
        ratio: round(median / sklearnMedian),
        inertia_rel_diff: Math.abs(result.inertia - sklearnFit.inertia) / Math.abs(sklearnFit.inertia),
      });
    }
    report.load_average = loadavg().map(round);
    return report;
  } finally {
    await sklearn?.close();
  }
}

/**
 * k Gaussian blobs (centres uniform in [-10, 10], unit spread scaled so
 * neighbouring blobs overlap): a few dozen Lloyd iterations rather than
 * the 2 or 3 that perfectly separated blobs need. Stored in shared memory so
 * the k-means workers read it without a copy.
 */
function makeBlobs(rows: number, dims: number, k: number, seed: number): Matrix {
  const random = createRandom(seed);
  const centres = new Float64Array(k * dims);
  for (let v = 0; v < centres.length; v++) centres[v] = random.next() * 20 - 10;
  const data = new Float64Array(new SharedArrayBuffer(rows * dims * 8));
  for (let i = 0; i < rows; i++) {
    const centre = random.int(k) * dims;
    for (let j = 0; j < dims; j++) data[i * dims + j] = centres[centre + j] + 4 * random.normal();
  }
  return { data, rows, cols: dims };
}

interface SklearnFit {
  readonly seconds: number;
  readonly inertia: number;
  readonly iterations: number;
  readonly peak_rss_mb: number;
}

interface SklearnSession {
  fit(): Promise<SklearnFit>;
  close(): Promise<void>;
}

/** Reads the data and centres once, then fits once per line on stdin and answers each with a JSON line. */
const SKLEARN_SCRIPT = `
import json, resource, sys, time
import numpy as np
from sklearn.cluster import KMeans
rows, cols, k = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
X = np.fromfile(sys.argv[4], dtype='<f8').reshape(rows, cols)
C = np.fromfile(sys.argv[5], dtype='<f8').reshape(k, cols)
tol, max_iter = float(sys.argv[6]), int(sys.argv[7])
print('ready', flush=True)
for _ in sys.stdin:
    started = time.perf_counter()
    model = KMeans(n_clusters=k, init=C, n_init=1, algorithm='lloyd', tol=tol, max_iter=max_iter).fit(X)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({'seconds': seconds, 'inertia': float(model.inertia_), 'iterations': int(model.n_iter_), 'peak_rss_mb': round(peak)}), flush=True)
`;

async function startSklearn(matrix: Matrix, start: Float64Array, k: number): Promise<SklearnSession | null> {
  const python = await findPython();
  if (python === null) return null;
  const directory = await mkdtemp(join(tmpdir(), 'segflow-bench-'));
  const dataPath = join(directory, 'x.f64');
  const centresPath = join(directory, 'c.f64');
  await writeFile(dataPath, new Uint8Array(matrix.data.buffer, matrix.data.byteOffset, matrix.data.byteLength));
  await writeFile(centresPath, new Uint8Array(start.buffer, start.byteOffset, start.byteLength));
  const args = ['-c', SKLEARN_SCRIPT, String(matrix.rows), String(matrix.cols), String(k), dataPath, centresPath, String(TOLERANCE), String(MAX_ITERATIONS)];
  const child = spawn(python, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nextLine = async (): Promise<string> => {
    const line = await lines.next();
    if (line.done === true) throw new Error(`scikit-learn exited (code ${child.exitCode})`);
    return line.value;
  };
  const close = async (): Promise<void> => {
    child.stdin.end();
    if (child.exitCode === null) child.kill();
    await rm(directory, { recursive: true, force: true });
  };
  try {
    await nextLine();
  } catch (error) {
    await close();
    throw error;
  }
  return {
    async fit() {
      child.stdin.write('fit\n');
      return JSON.parse(await nextLine()) as SklearnFit;
    },
    close,
  };
}

async function findPython(): Promise<string | null> {
  for (const candidate of ['/usr/bin/python3', 'python3']) {
    try {
      await run(candidate, ['-c', 'import sklearn']);
      return candidate;
    } catch {
      // not installed or no scikit-learn: try the next one
    }
  }
  return null;
}

function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
