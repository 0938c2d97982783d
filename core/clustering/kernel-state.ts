import { chunkCount } from './chunks.js';
import type { KernelShape, KernelState } from './hamerly-kernel.js';

/**
 * Allocates the kernel state. Shared memory only when workers will read it:
 * SharedArrayBuffers cost a little more to create and are never needed
 * single-threaded.
 */
export function createKernelState(shape: KernelShape, shared: boolean): KernelState {
  const { rows, cols, k } = shape;
  const chunks = chunkCount(rows);
  const floats = (length: number): Float64Array =>
    shared ? new Float64Array(new SharedArrayBuffer(length * 8)) : new Float64Array(length);
  return {
    labels: shared ? new Int32Array(new SharedArrayBuffer(rows * 4)) : new Int32Array(rows),
    upper: floats(rows),
    lower: floats(rows),
    centroids: floats(k * cols),
    shift: floats(k),
    halfGap: floats(k),
    chunkSums: floats(chunks * k * cols),
    chunkSquares: floats(chunks * k),
    chunkCounts: floats(chunks * k),
    chunkChanged: floats(chunks),
    chunkInertia: floats(chunks),
    chunkColumnSums: floats(chunks * cols),
    chunkColumnSquares: floats(chunks * cols),
  };
}
