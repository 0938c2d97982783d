import { Worker } from 'node:worker_threads';

/**
 * How long a k-means worker waits idle for the next fit before it ends:
 * evaluateK, bisecting splits and back-to-back pipeline runs fit many times in
 * a row, and starting a worker (a fresh isolate loading the kernel) costs
 * about as much as a pass over a million rows.
 */
const IDLE_MILLISECONDS = 30_000;

const workerUrl = new URL('./kmeans-worker.js', import.meta.url);
/** Idle workers (in the order they became idle) and the timers that end them. */
const idle = new Map<Worker, NodeJS.Timeout>();

/** `count` workers, idle ones first. Each is referenced (keeps the process alive) until returned. */
export function takeWorkers(count: number): Worker[] {
  const workers: Worker[] = [];
  for (const [worker, timer] of idle) {
    if (workers.length === count) break;
    clearTimeout(timer);
    idle.delete(worker);
    worker.ref();
    workers.push(worker);
  }
  while (workers.length < count) workers.push(startWorker());
  return workers;
}

/** Hands healthy workers back for the next fit; they no longer keep the process alive. */
export function returnWorkers(workers: readonly Worker[]): void {
  for (const worker of workers) {
    worker.unref();
    const timer = setTimeout(() => {
      idle.delete(worker);
      void worker.terminate();
    }, IDLE_MILLISECONDS);
    timer.unref();
    idle.set(worker, timer);
  }
}

function startWorker(): Worker {
  const worker = new Worker(workerUrl);
  // A worker in use reports failures to its pass runner; these listeners only
  // keep a dead idle worker out of the pool (and an 'error' event from being unhandled).
  const forget = (): void => {
    clearTimeout(idle.get(worker));
    idle.delete(worker);
  };
  worker.on('error', forget);
  worker.on('exit', forget);
  return worker;
}
