/**
 * Ctrl+C and SIGTERM for the CLI. By default a signal exits at once, and the
 * 'exit' listeners (the local Temporal server's among them) stop child
 * processes, so nothing is left running. A command that serves until stopped
 * calls waitForSignal() instead and shuts down gracefully.
 */
const exitCodes: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
const waiters: Array<() => void> = [];

export function installSignalHandlers(): void {
  for (const signal of Object.keys(exitCodes) as NodeJS.Signals[]) {
    process.on(signal, () => {
      if (waiters.length === 0) process.exit(exitCodes[signal]);
      for (const resolve of waiters.splice(0)) resolve();
    });
  }
}

export function waitForSignal(): Promise<void> {
  return new Promise((resolve) => waiters.push(resolve));
}
