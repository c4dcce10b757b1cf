import { type Tick } from '@dalal/contracts';

import { type FeedStatus, type Unsubscribe } from './market-feed';

/**
 * The listener lists every feed keeps. A listener that throws does not stop the others or the socket
 * loop; the failure is reported as an `error` status, not swallowed.
 */
export class FeedListeners {
  private readonly ticks = new Set<(tick: Tick) => void>();
  private readonly statuses = new Set<(status: FeedStatus) => void>();

  onTick(listener: (tick: Tick) => void): Unsubscribe {
    this.ticks.add(listener);
    return () => this.ticks.delete(listener);
  }

  onStatus(listener: (status: FeedStatus) => void): Unsubscribe {
    this.statuses.add(listener);
    return () => this.statuses.delete(listener);
  }

  tick(tick: Tick): void {
    for (const listener of this.ticks) {
      try {
        listener(tick);
      } catch (err) {
        this.status({ kind: 'error', message: `tick listener failed: ${(err as Error).message}` });
      }
    }
  }

  status(status: FeedStatus): void {
    for (const listener of this.statuses) {
      try {
        listener(status);
      } catch (err) {
        // A failing status listener cannot report through itself; surface it on the process.
        process.emitWarning(`feed status listener failed: ${(err as Error).message}`);
      }
    }
  }
}
