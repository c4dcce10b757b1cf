export interface RateWindow {
  limit: number;
  windowMs: number;
}

/**
 * Waits until a request fits every window (e.g. Kite orders: 10 per second and 400 per minute), so no
 * request is refused for rate. Requests are admitted in arrival order. A small margin absorbs the
 * difference between our clock and the broker's. The broker counts a request when it arrives, somewhere
 * between our sending it and its answer: calling the release that `acquire` returns when the answer comes
 * moves the request's slot to that moment, so however the network delays a burst, no window at the
 * broker holds more than the limit.
 */
export class SlidingWindowLimiter {
  private sent: Array<{ at: number }> = [];
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly windows: readonly RateWindow[],
    private readonly marginMs = 50,
    private readonly now: () => number = Date.now,
  ) {}

  /** Resolves when the request may go; call the returned release when its answer (or error) came back. */
  acquire(): Promise<() => void> {
    const turn = this.queue.then(() => this.waitForRoom());
    this.queue = turn;
    return turn;
  }

  private async waitForRoom(): Promise<() => void> {
    for (;;) {
      const wait = this.delayNeeded();
      if (wait <= 0) break;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    const slot = { at: this.now() };
    this.sent.push(slot);
    const longest = Math.max(...this.windows.map((w) => w.windowMs)) + this.marginMs;
    const now = this.now();
    this.sent = this.sent.filter((s) => now - s.at <= longest);
    return () => {
      slot.at = Math.max(slot.at, this.now());
    };
  }

  private delayNeeded(): number {
    const now = this.now();
    let wait = 0;
    for (const { limit, windowMs } of this.windows) {
      const span = windowMs + this.marginMs;
      const inWindow = this.sent
        .map((s) => s.at)
        .filter((t) => now - t < span)
        .sort((a, b) => a - b);
      if (inWindow.length >= limit) wait = Math.max(wait, inWindow[inWindow.length - limit]! + span - now);
    }
    return wait;
  }
}
