import { randomBytes } from 'node:crypto';

/** The Temporal server `npm test` started (or TEMPORAL_ADDRESS); integration tests need a real one. */
export function temporalAddress(): string {
  const address = process.env.TEMPORAL_ADDRESS;
  if (!address) {
    throw new Error('TEMPORAL_ADDRESS is not set: run the tests with `npm test`, which starts a Temporal dev server');
  }
  return address;
}

/** A task queue of its own, so concurrent test files never pick up each other's workflows. */
export function uniqueTaskQueue(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}
