import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { kmeans } from '../core/clustering/kmeans.js';
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

/**
 * Times segflow's k-means on seeded synthetic blobs and, when Debian's
 * scikit-learn is importable, sklearn's Lloyd from the very same starting
 * centres with the same tolerance rule, so `ratio` compares the fits alone
 * (seeding is timed separately as `seeding_seconds`).
 */
export async function benchCluster(options: ClusterBenchOptions): Promise<Record<string, number | string>> {
  const { rows, dims, k, seed } = options;
  const matrix = makeBlobs(rows, dims, k, seed);
  const seedingStart = performance.now();
  const start = await kmeansPlusPlus(matrix, k, createRandom(seed));
  const seedingSeconds = (performance.now() - seedingStart) / 1000;
  const fitStart = performance.now();
  const result = await kmeans(matrix, { k, seed, initialCentroids: start, tolerance: TOLERANCE, maxIterations: MAX_ITERATIONS });
  const seconds = (performance.now() - fitStart) / 1000;
  const report: Record<string, number | string> = {
    rows,
    dims,
    k,
    seed,
    seeding_seconds: round(seedingSeconds),
    seconds: round(seconds),
    iterations: result.iterations,
    ms_per_iteration: round((seconds * 1000) / result.iterations),
    inertia: result.inertia,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  const sklearn = await runSklearn(matrix, start, k);
  if (sklearn === null) {
    report.sklearn = 'unavailable (python3 with scikit-learn not found)';
    return report;
  }
  report.sklearn_seconds = round(sklearn.seconds);
  report.sklearn_inertia = sklearn.inertia;
  report.sklearn_iterations = sklearn.iterations;
  report.ratio = round(seconds / sklearn.seconds);
  report.inertia_rel_diff = Math.abs(result.inertia - sklearn.inertia) / Math.abs(sklearn.inertia);
  return report;
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
}

const SKLEARN_SCRIPT = `
import json, sys, time
import numpy as np
from sklearn.cluster import KMeans
rows, cols, k = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
X = np.fromfile(sys.argv[4], dtype='<f8').reshape(rows, cols)
C = np.fromfile(sys.argv[5], dtype='<f8').reshape(k, cols)
started = time.perf_counter()
model = KMeans(n_clusters=k, init=C, n_init=1, algorithm='lloyd', tol=float(sys.argv[6]), max_iter=int(sys.argv[7])).fit(X)
print(json.dumps({'seconds': time.perf_counter() - started, 'inertia': float(model.inertia_), 'iterations': int(model.n_iter_)}))
`;

async function runSklearn(matrix: Matrix, start: Float64Array, k: number): Promise<SklearnFit | null> {
  const python = await findPython();
  if (python === null) return null;
  const directory = await mkdtemp(join(tmpdir(), 'segflow-bench-'));
  try {
    const dataPath = join(directory, 'x.f64');
    const centresPath = join(directory, 'c.f64');
    await writeFile(dataPath, new Uint8Array(matrix.data.buffer, matrix.data.byteOffset, matrix.data.byteLength));
    await writeFile(centresPath, new Uint8Array(start.buffer, start.byteOffset, start.byteLength));
    const args = ['-c', SKLEARN_SCRIPT, String(matrix.rows), String(matrix.cols), String(k), dataPath, centresPath, String(TOLERANCE), String(MAX_ITERATIONS)];
    const { stdout } = await run(python, args, { maxBuffer: 1 << 20 });
    return JSON.parse(stdout.trim().split('\n').pop() ?? '') as SklearnFit;
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
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

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
