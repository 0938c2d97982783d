import { buildSegmentReport } from '../core/explain/segment-report.js';
import { createMatrix } from '../core/matrix.js';
import { createRandom } from '../core/random.js';

export interface ReportsBenchOptions {
  readonly rows: number;
  readonly dims: number;
  readonly k: number;
  readonly seed: number;
}

/**
 * Times buildSegmentReport on seeded synthetic profiles with k planted groups.
 * Labels and centroids come from the planted groups, so no clustering runs;
 * columns cycle through count, amount, flag and plain-number shapes so every
 * wording and binning path is exercised.
 */
export async function benchReports(options: ReportsBenchOptions): Promise<Record<string, number>> {
  const { rows, dims, k, seed } = options;
  const random = createRandom(seed);
  const generateStart = performance.now();

  const centers = new Float64Array(k * dims);
  for (let index = 0; index < centers.length; index++) centers[index] = random.normal();
  const labels = new Int32Array(rows);
  const original = createMatrix(rows, dims);
  for (let i = 0; i < rows; i++) {
    const c = random.int(k);
    labels[i] = c;
    for (let j = 0; j < dims; j++) {
      const center = centers[c * dims + j];
      const noise = random.normal();
      let value: number;
      switch (j % 4) {
        case 0:
          value = Math.max(0, Math.round(4 + 2 * center + 1.5 * noise));
          break;
        case 1:
          value = Math.round(Math.exp(4 + 0.6 * center + 0.5 * noise) * 100) / 100;
          break;
        case 2:
          value = random.next() < 1 / (1 + Math.exp(-2 * center)) ? 1 : 0;
          break;
        default:
          value = 10 * center + 3 * noise;
      }
      original.data[i * dims + j] = value;
    }
  }

  // Scaled space: z-scores times a priority weight, as the pipeline would hand over.
  const scaled = createMatrix(rows, dims);
  for (let j = 0; j < dims; j++) {
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < rows; i++) sum += original.data[i * dims + j];
    const mean = sum / rows;
    for (let i = 0; i < rows; i++) squares += (original.data[i * dims + j] - mean) ** 2;
    const sd = Math.sqrt(squares / rows) || 1;
    const weight = 1 + (j % 3);
    for (let i = 0; i < rows; i++) scaled.data[i * dims + j] = (weight * (original.data[i * dims + j] - mean)) / sd;
  }
  const centroids = new Float64Array(k * dims);
  const sizes = new Float64Array(k);
  for (let i = 0; i < rows; i++) {
    sizes[labels[i]]++;
    for (let j = 0; j < dims; j++) centroids[labels[i] * dims + j] += scaled.data[i * dims + j];
  }
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < dims; j++) centroids[c * dims + j] /= Math.max(1, sizes[c]);
  }
  const featureNames = Array.from({ length: dims }, (_, j) => `feature_${j + 1}`);
  const generateSeconds = (performance.now() - generateStart) / 1000;

  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const report = buildSegmentReport({ original, scaled, labels, centroids, k, featureNames, seed });
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const serializeStart = performance.now();
  const json = JSON.stringify(report);
  const serializeSeconds = (performance.now() - serializeStart) / 1000;

  return {
    seconds,
    peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    rows,
    dims,
    k,
    // CPU time of the report alone: with other work on the machine it is steadier than wall time.
    cpu_seconds: (cpu.user + cpu.system) / 1e6,
    profiles_per_second: rows / seconds,
    generate_seconds: generateSeconds,
    serialize_seconds: serializeSeconds,
    report_kb: Buffer.byteLength(json) / 1024,
  };
}
