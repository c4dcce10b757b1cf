export interface RateWindow {
  limit: number;
  windowMs: number;
}

/**
 * Waits until a request fits every window (e.g. Kite orders: 10 per second and 400 per minute), so no
 * request is refused for rate. Requests are admitted in arrival order. A small margin absorbs the
 * difference between our clock and the broker's.
 */
export class SlidingWindowLimiter {
  private readonly sent: number[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly windows: readonly RateWindow[],
    private readonly marginMs = 50,
    private readonly now: () => number = Date.now,
  ) {}

  acquire(): Promise<void> {
    const turn = this.queue.then(() => this.waitForRoom());
    this.queue = turn;
    return turn;
  }

  private async waitForRoom(): Promise<void> {
    for (;;) {
      const wait = this.delayNeeded();
      if (wait <= 0) break;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    this.sent.push(this.now());
    const longest = Math.max(...this.windows.map((w) => w.windowMs)) + this.marginMs;
    while (this.sent.length > 0 && this.now() - this.sent[0]! > longest) this.sent.shift();
  }

  private delayNeeded(): number {
    const now = this.now();
    let wait = 0;
    for (const { limit, windowMs } of this.windows) {
      const span = windowMs + this.marginMs;
      const inWindow = this.sent.filter((t) => now - t < span);
      if (inWindow.length >= limit) wait = Math.max(wait, inWindow[inWindow.length - limit]! + span - now);
    }
    return wait;
  }
}
