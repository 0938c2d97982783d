import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { chunkCount } from '../../../core/clustering/chunks.js';
import { createChunkKernel, PASS_FINAL, PASS_INIT_STATS, PASS_UPDATE } from '../../../core/clustering/hamerly-kernel.js';
import type { KernelShape, KernelState } from '../../../core/clustering/hamerly-kernel.js';
import { hamerlyWasm } from '../../../core/clustering/hamerly-wasm.js';
import { createKernelState } from '../../../core/clustering/kernel-state.js';
import { assignToNearest } from '../../../core/clustering/nearest-centroid.js';
import { squaredDistance } from '../../../core/clustering/squared-distance.js';
import { createRandom } from '../../../core/random.js';
import { assembleWat, hamerlyWatUrl } from '../../../scripts/assemble-hamerly-wasm.js';

interface DistanceExports {
  readonly memory: WebAssembly.Memory;
  configure(...offsets: number[]): void;
  distance(a: number, b: number): number;
}

/** Values of very different magnitudes and signs, so rounding differences would show. */
function awkwardValues(length: number, seed: number): Float64Array {
  const random = createRandom(seed);
  return Float64Array.from({ length }, () => (random.next() - 0.5) * 10 ** (random.int(13) - 6));
}

/** Runs a kernel pass over every chunk on this thread, as the inline pass runner does. */
function runPass(data: Float64Array, shape: KernelShape, state: KernelState, mode: typeof PASS_INIT_STATS | typeof PASS_UPDATE | typeof PASS_FINAL): void {
  const kernel = createChunkKernel(data, shape);
  kernel.beginPass(state);
  for (let chunk = 0; chunk < chunkCount(shape.rows); chunk++) kernel.processChunk(state, chunk, mode);
}

describe('hamerly WebAssembly kernel', () => {
  it('ships the bytes that hamerly-kernel.wat assembles to (run npm run build:wasm after editing it)', async () => {
    const assembled = await assembleWat('hamerly-kernel.wat', await readFile(hamerlyWatUrl, 'utf8'));
    assert.deepEqual(Buffer.from(assembled), Buffer.from(hamerlyWasm));
  });

  it('computes squared distances bit for bit like squaredDistance, for every column count', () => {
    const wasm = new WebAssembly.Instance(new WebAssembly.Module(hamerlyWasm)).exports as unknown as DistanceExports;
    const heap = new Float64Array(wasm.memory.buffer);
    for (let cols = 1; cols <= 41; cols++) {
      wasm.configure(cols, 1, ...new Array<number>(17).fill(0));
      for (let trial = 0; trial < 50; trial++) {
        const values = awkwardValues(2 * cols, cols * 100 + trial);
        // The second vector at an odd offset: loads need not be 16-byte aligned.
        heap.set(values.subarray(0, cols), 0);
        heap.set(values.subarray(cols), cols + 1);
        const expected = squaredDistance(values, 0, values, cols, cols);
        assert.ok(Object.is(wasm.distance(0, (cols + 1) * 8), expected), `cols ${cols}, trial ${trial}`);
      }
    }
  });

  it('matches a plain JavaScript reference on the first and later passes', () => {
    const rows = 10000;
    const cols = 7;
    const k = 5;
    const shape: KernelShape = { rows, cols, k };
    const data = awkwardValues(rows * cols, 3);
    const state = createKernelState(shape, false);
    state.centroids.set(data.subarray(0, k * cols));
    state.halfGap.fill(0);
    runPass(data, shape, state, PASS_INIT_STATS);

    const nearest = assignToNearest({ data, rows, cols }, state.centroids, k);
    assert.deepEqual(state.labels, nearest);
    const zeros = new Float64Array(cols);
    for (let chunk = 0; chunk < chunkCount(rows); chunk++) {
      const sums = new Float64Array(k * cols);
      const squares = new Float64Array(k);
      const counts = new Float64Array(k);
      const columnSums = new Float64Array(cols);
      let inertia = 0;
      for (let i = chunk * 4096; i < Math.min(rows, (chunk + 1) * 4096); i++) {
        const label = nearest[i];
        const distances = Array.from({ length: k }, (_, c) => squaredDistance(data, i * cols, state.centroids, c * cols, cols));
        const others = distances.filter((_, c) => c !== label);
        assert.equal(state.upper[i], Math.sqrt(distances[label]));
        assert.equal(state.lower[i], Math.sqrt(Math.min(...others)));
        for (let j = 0; j < cols; j++) {
          sums[label * cols + j] += data[i * cols + j];
          columnSums[j] += data[i * cols + j] - data[j];
        }
        squares[label] += squaredDistance(data, i * cols, zeros, 0, cols);
        counts[label]++;
        inertia += distances[label];
      }
      assert.deepEqual(state.chunkSums.subarray(chunk * k * cols, (chunk + 1) * k * cols), sums);
      assert.deepEqual(state.chunkSquares.subarray(chunk * k, (chunk + 1) * k), squares);
      assert.deepEqual(state.chunkCounts.subarray(chunk * k, (chunk + 1) * k), counts);
      assert.deepEqual(state.chunkColumnSums.subarray(chunk * cols, (chunk + 1) * cols), columnSums);
      assert.equal(state.chunkInertia[chunk], inertia);
    }

    // Move every centre a little: bounded passes must give the nearest-centroid labels and the exact inertia.
    for (let v = 0; v < k * cols; v++) state.centroids[v] += 0.01 * (v % 5);
    for (let c = 0; c < k; c++) state.shift[c] = Math.sqrt(Array.from({ length: cols }, (_, j) => (0.01 * ((c * cols + j) % 5)) ** 2).reduce((a, b) => a + b));
    runPass(data, shape, state, PASS_UPDATE);
    runPass(data, shape, { ...state, shift: new Float64Array(k) }, PASS_FINAL);
    const moved = assignToNearest({ data, rows, cols }, state.centroids, k);
    assert.deepEqual(state.labels, moved);
    for (let chunk = 0; chunk < chunkCount(rows); chunk++) {
      let inertia = 0;
      for (let i = chunk * 4096; i < Math.min(rows, (chunk + 1) * 4096); i++) inertia += squaredDistance(data, i * cols, state.centroids, moved[i] * cols, cols);
      assert.equal(state.chunkInertia[chunk], inertia);
    }
  });
});
