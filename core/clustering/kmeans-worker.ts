import { parentPort, workerData } from 'node:worker_threads';
import { chunkCount } from './chunks.js';
import { processChunk } from './hamerly-kernel.js';
import type { KernelShape, KernelState, PassMode } from './hamerly-kernel.js';

/** What the coordinator hands each worker at start-up: the rows live in shared memory and are never copied. */
export interface KMeansWorkerData {
  readonly data: Float64Array;
  readonly shape: KernelShape;
  /** Int32 [next chunk to claim]: workers claim chunks dynamically, results do not depend on who took which. */
  readonly cursor: Int32Array;
}

export type KMeansWorkerMessage = { readonly type: 'state'; readonly state: KernelState } | { readonly type: 'pass'; readonly mode: PassMode };

export type KMeansWorkerReply = { readonly type: 'done' } | { readonly type: 'error'; readonly message: string };

const port = parentPort;
if (port === null) throw new Error('kmeans-worker must run as a worker thread');
const { data, shape, cursor } = workerData as KMeansWorkerData;
const chunks = chunkCount(shape.rows);
let state: KernelState | null = null;

port.on('message', (message: KMeansWorkerMessage) => {
  try {
    if (message.type === 'state') {
      state = message.state;
      return;
    }
    if (state === null) throw new Error('pass requested before state was sent');
    for (let chunk = Atomics.add(cursor, 0, 1); chunk < chunks; chunk = Atomics.add(cursor, 0, 1)) {
      processChunk(data, shape, state, chunk, message.mode);
    }
    port.postMessage({ type: 'done' } satisfies KMeansWorkerReply);
  } catch (error) {
    port.postMessage({ type: 'error', message: error instanceof Error ? error.stack ?? error.message : String(error) } satisfies KMeansWorkerReply);
  }
});
