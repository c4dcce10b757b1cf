import { AsyncLocalStorage } from 'node:async_hooks';

const storage = new AsyncLocalStorage<string>();

/** Runs fn with a correlation id that logs and newly published messages pick up. */
export function runWithCorrelation<T>(correlationId: string, fn: () => T): T {
  return storage.run(correlationId, fn);
}

export function currentCorrelationId(): string | undefined {
  return storage.getStore();
}
