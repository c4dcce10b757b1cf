import { performance } from 'node:perf_hooks';

import { type Bar, type Tick } from '@dalal/contracts';

import { FeedError } from '../feed-error';
import { FeedListeners } from '../feed-listeners';
import { type FeedInstrument, type FeedStatus, type MarketFeed, type Unsubscribe } from '../market-feed';

/** One scheduled event: a tick, a closed bar, or both, at a market time (epoch ms). */
export interface PlaybackEvent {
  readonly atMs: number;
  readonly tick?: Tick;
  readonly bar?: Bar;
}

export interface PlaybackOptions {
  /** 1 = real time, 60 = a minute per second; Infinity = as fast as the loop runs. Default Infinity. */
  readonly speed?: number;
  /** Monotonic wall time in ms, for pacing only; market time comes from the events. */
  readonly now?: () => number;
}

const YIELD_EVERY = 2000;

/**
 * Plays timed events as a MarketFeed: ticks (and bars) for the subscribed instruments, paced by the
 * gap between market times divided by `speed`. Playback starts on `connect()`; `done` settles at the end.
 */
export class PlaybackFeed implements MarketFeed {
  private readonly listeners = new FeedListeners();
  private readonly barListeners = new Set<(bar: Bar) => void>();
  private readonly wanted = new Set<string>();
  private stopped = false;
  private finished: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  /** Events emitted so far. */
  emitted = 0;

  constructor(
    readonly name: string,
    private readonly events: () => Iterable<PlaybackEvent>,
    private readonly options: PlaybackOptions = {},
  ) {}

  /** Settles when playback has sent its last event or was closed. */
  get done(): Promise<void> {
    return this.finished;
  }

  async connect(): Promise<void> {
    this.listeners.status({ kind: 'connected', reconnects: 0 });
    this.finished = this.play().catch((err: Error) => {
      this.listeners.status({ kind: 'error', message: err.message });
    });
  }

  subscribe(instruments: readonly FeedInstrument[]): void {
    for (const i of instruments) this.wanted.add(String(i));
  }

  unsubscribe(instruments: readonly FeedInstrument[]): void {
    for (const i of instruments) this.wanted.delete(String(i));
  }

  onTick(listener: (tick: Tick) => void): Unsubscribe {
    return this.listeners.onTick(listener);
  }

  onStatus(listener: (status: FeedStatus) => void): Unsubscribe {
    return this.listeners.onStatus(listener);
  }

  /** Closed bars, for consumers that replay bars rather than ticks. */
  onBar(listener: (bar: Bar) => void): Unsubscribe {
    this.barListeners.add(listener);
    return () => this.barListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.wake?.();
    await this.finished;
    this.listeners.status({ kind: 'closed' });
  }

  private async play(): Promise<void> {
    const speed = this.options.speed ?? Infinity;
    if (!(speed > 0)) throw new FeedError('INVALID_INPUT', `speed must be positive, got ${speed}`);
    const now = this.options.now ?? (() => performance.now());
    let startWall = 0;
    let startMarket: number | undefined;
    let sinceYield = 0;
    for (const event of this.events()) {
      if (this.stopped) return;
      if (startMarket === undefined) {
        startMarket = event.atMs;
        startWall = now();
      }
      if (Number.isFinite(speed)) {
        const dueWall = startWall + (event.atMs - startMarket) / speed;
        const wait = dueWall - now();
        if (wait > 1) await this.sleep(wait);
      } else if (++sinceYield >= YIELD_EVERY) {
        sinceYield = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (this.stopped) return;
      this.emit(event);
    }
  }

  private emit(event: PlaybackEvent): void {
    const { tick, bar } = event;
    if (tick && this.wanted.has(tick.instrument)) {
      this.emitted++;
      this.listeners.tick(tick);
    }
    if (bar && this.wanted.has(bar.instrument)) {
      this.emitted++;
      for (const listener of this.barListeners) listener(bar);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, ms);
    });
  }
}
