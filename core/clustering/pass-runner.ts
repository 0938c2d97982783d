import { Worker } from 'node:worker_threads';
import { chunkCount } from './chunks.js';
import { ClusteringWorkerError } from './errors.js';
import { processChunk } from './hamerly-kernel.js';
import type { KernelShape, KernelState, PassMode } from './hamerly-kernel.js';
import type { KMeansWorkerData, KMeansWorkerMessage, KMeansWorkerReply } from './kmeans-worker.js';
import { yieldToEventLoop } from './yield-to-event-loop.js';

/** Runs one kernel pass over every chunk, on the calling thread or on workers. */
export interface PassRunner {
  readonly shared: boolean;
  setState(state: KernelState): void;
  run(mode: PassMode): Promise<void>;
  close(): Promise<void>;
}

/** Single-threaded: a pass blocks the event loop once, then yields so heartbeats can go out. */
export function createInlinePassRunner(data: Float64Array, shape: KernelShape): PassRunner {
  const chunks = chunkCount(shape.rows);
  let current: KernelState | null = null;
  return {
    shared: false,
    setState(state) {
      current = state;
    },
    async run(mode) {
      if (current === null) throw new ClusteringWorkerError('pass requested before state was set');
      for (let chunk = 0; chunk < chunks; chunk++) processChunk(data, shape, current, chunk, mode);
      await yieldToEventLoop();
    },
    async close() {},
  };
}

/**
 * Worker threads over shared memory; the main thread only coordinates, so
 * its event loop stays free while a pass runs. data must be backed by a
 * SharedArrayBuffer.
 */
export async function createWorkerPassRunner(data: Float64Array, shape: KernelShape, threads: number): Promise<PassRunner> {
  const cursor = new Int32Array(new SharedArrayBuffer(4));
  const workerData: KMeansWorkerData = { data, shape, cursor };
  const url = new URL('./kmeans-worker.js', import.meta.url);
  const workers = Array.from({ length: threads }, () => new Worker(url, { workerData }));
  let failure: Error | null = null;
  let pending: { remaining: number; resolve: () => void; reject: (error: Error) => void } | null = null;
  const fail = (error: Error): void => {
    failure ??= error;
    if (pending !== null) {
      const { reject } = pending;
      pending = null;
      reject(failure);
    }
  };
  for (const worker of workers) {
    worker.on('message', (reply: KMeansWorkerReply) => {
      if (reply.type === 'error') {
        fail(new ClusteringWorkerError(`k-means worker failed: ${reply.message}`));
        return;
      }
      if (pending !== null && --pending.remaining === 0) {
        const { resolve } = pending;
        pending = null;
        resolve();
      }
    });
    worker.on('error', (error) => fail(new ClusteringWorkerError(`k-means worker crashed: ${error.message}`)));
    worker.on('exit', (code) => {
      if (code !== 0) fail(new ClusteringWorkerError(`k-means worker exited with code ${code}`));
    });
  }
  const post = (message: KMeansWorkerMessage): void => {
    for (const worker of workers) worker.postMessage(message);
  };
  return {
    shared: true,
    setState(state) {
      post({ type: 'state', state });
    },
    run(mode) {
      if (failure !== null) return Promise.reject(failure);
      Atomics.store(cursor, 0, 0);
      return new Promise<void>((resolve, reject) => {
        pending = { remaining: workers.length, resolve, reject };
        post({ type: 'pass', mode });
      });
    },
    async close() {
      failure ??= new ClusteringWorkerError('pass runner closed');
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
