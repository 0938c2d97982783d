import { parentPort } from 'node:worker_threads';
import { chunkCount } from './chunks.js';
import { createChunkKernel } from './hamerly-kernel.js';
import type { ChunkKernel, KernelShape, KernelState, PassMode } from './hamerly-kernel.js';

/** Starts a fit: the rows and the state live in shared memory and are never copied. */
export interface KMeansWorkerFit {
  readonly type: 'fit';
  readonly data: Float64Array;
  readonly shape: KernelShape;
  readonly state: KernelState;
  /** Int32 [next chunk to claim]: workers claim chunks dynamically, results do not depend on who took which. */
  readonly cursor: Int32Array;
}

/** 'release' ends a fit: the worker drops the fit's memory and waits in the pool for the next one. */
export type KMeansWorkerMessage = KMeansWorkerFit | { readonly type: 'pass'; readonly mode: PassMode } | { readonly type: 'release' };

export type KMeansWorkerReply = { readonly type: 'done' } | { readonly type: 'error'; readonly message: string };

interface Fit {
  readonly shape: KernelShape;
  readonly state: KernelState;
  readonly cursor: Int32Array;
  readonly kernel: ChunkKernel;
}

const port = parentPort;
if (port === null) throw new Error('kmeans-worker must run as a worker thread');
let fit: Fit | null = null;

port.on('message', (message: KMeansWorkerMessage) => {
  try {
    if (message.type === 'fit') {
      const { data, shape, state, cursor } = message;
      fit = { shape, state, cursor, kernel: createChunkKernel(data, shape) };
      return;
    }
    if (message.type === 'release') {
      fit = null;
      return;
    }
    if (fit === null) throw new Error('pass requested before a fit was sent');
    const { shape, state, cursor, kernel } = fit;
    const chunks = chunkCount(shape.rows);
    kernel.beginPass(state);
    for (let chunk = Atomics.add(cursor, 0, 1); chunk < chunks; chunk = Atomics.add(cursor, 0, 1)) {
      kernel.processChunk(state, chunk, message.mode);
    }
    port.postMessage({ type: 'done' } satisfies KMeansWorkerReply);
  } catch (error) {
    port.postMessage({ type: 'error', message: error instanceof Error ? error.stack ?? error.message : String(error) } satisfies KMeansWorkerReply);
  }
});
