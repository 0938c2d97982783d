import type { Worker } from 'node:worker_threads';
import { chunkCount } from './chunks.js';
import { ClusteringWorkerError } from './errors.js';
import { createChunkKernel } from './hamerly-kernel.js';
import type { KernelShape, KernelState, PassMode } from './hamerly-kernel.js';
import type { KMeansWorkerMessage, KMeansWorkerReply } from './kmeans-worker.js';
import { returnWorkers, takeWorkers } from './worker-pool.js';
import { yieldToEventLoop } from './yield-to-event-loop.js';

/** Runs one kernel pass over every chunk, on the calling thread or on workers. */
export interface PassRunner {
  run(mode: PassMode): Promise<void>;
  close(): Promise<void>;
}

/** Single-threaded: a pass blocks the event loop once, then yields so heartbeats can go out. */
export function createInlinePassRunner(data: Float64Array, shape: KernelShape, state: KernelState): PassRunner {
  const chunks = chunkCount(shape.rows);
  const kernel = createChunkKernel(data, shape);
  return {
    async run(mode) {
      kernel.beginPass(state);
      for (let chunk = 0; chunk < chunks; chunk++) kernel.processChunk(state, chunk, mode);
      await yieldToEventLoop();
    },
    async close() {},
  };
}

/**
 * Pooled worker threads over shared memory; the main thread only
 * coordinates, so its event loop stays free while a pass runs. data and
 * state must be backed by SharedArrayBuffers. Closing hands healthy workers
 * back to the pool and ends them if anything failed.
 */
export function createWorkerPassRunner(data: Float64Array, shape: KernelShape, state: KernelState, threads: number): PassRunner {
  const cursor = new Int32Array(new SharedArrayBuffer(4));
  const workers = takeWorkers(threads);
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
  const onMessage = (reply: KMeansWorkerReply): void => {
    if (reply.type === 'error') {
      fail(new ClusteringWorkerError(`k-means worker failed: ${reply.message}`));
      return;
    }
    if (pending !== null && --pending.remaining === 0) {
      const { resolve } = pending;
      pending = null;
      resolve();
    }
  };
  const onError = (error: Error): void => fail(new ClusteringWorkerError(`k-means worker crashed: ${error.message}`));
  const onExit = (code: number): void => fail(new ClusteringWorkerError(`k-means worker exited with code ${code}`));
  const post = (message: KMeansWorkerMessage): void => {
    for (const worker of workers) worker.postMessage(message);
  };
  const detach = (worker: Worker): void => {
    worker.off('message', onMessage);
    worker.off('error', onError);
    worker.off('exit', onExit);
  };
  for (const worker of workers) {
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  }
  post({ type: 'fit', data, shape, state, cursor });
  return {
    run(mode) {
      if (failure !== null) return Promise.reject(failure);
      Atomics.store(cursor, 0, 0);
      return new Promise<void>((resolve, reject) => {
        pending = { remaining: workers.length, resolve, reject };
        post({ type: 'pass', mode });
      });
    },
    async close() {
      workers.forEach(detach);
      if (failure === null) {
        post({ type: 'release' });
        returnWorkers(workers);
      } else {
        await Promise.all(workers.map((worker) => worker.terminate()));
      }
      failure ??= new ClusteringWorkerError('pass runner closed');
    },
  };
}
