import { type FeedStatus, StaleFeedDetector } from '@dalal/brokers';
import { type Alert, type Bar, type Tick } from '@dalal/contracts';
import { type TradingCalendar } from '@dalal/market';
import { barsPublished, feedMarketOpen, feedReconnects, inSpan, recordFeedTick } from '@dalal/observability';

import { BarBuilder } from './bars/bar-builder';
import { type MarketDataConfig } from './config';
import { type PreparedFeed } from './feeds/feed-factory';
import { type CandleSource } from './feeds/kite-session';
import { type OptionChainTracker } from './option-chain/option-chain-tracker';

/** Where ticks, bars and alerts go: the bus (and Postgres for closed bars) in the service, arrays in tests. */
export interface MarketDataSink {
  ticks(ticks: readonly Tick[]): Promise<void>;
  /** Closed bars are stored before they are published, so a consumer can find them in Postgres. */
  bars(bars: readonly Bar[]): Promise<void>;
  alert(alert: Alert): Promise<void>;
}

export interface MarketDataRunnerDeps {
  readonly config: MarketDataConfig;
  readonly sink: MarketDataSink;
  readonly openFeed: () => Promise<PreparedFeed>;
  readonly calendar: TradingCalendar;
  readonly now: () => Date;
  /** Historical candles for gap backfill after a reconnect (live feeds). */
  readonly candles?: CandleSource;
  /** Live feeds: keeps ATM ± N option strikes subscribed as the underlying index moves. */
  readonly optionChain?: OptionChainTracker;
  readonly log?: (level: 'log' | 'warn' | 'error', message: string) => void;
}

export interface MarketDataStats {
  ticksIn: number;
  ticksPublished: number;
  barsClosed: number;
  reconnects: number;
  backfilledCandles: number;
  state: 'idle' | 'live' | 'finished';
}

type Work = { readonly tick: Tick } | { readonly closeUpTo: number };

const MINUTE = 60_000;
const RETRY_CONNECT_MS = 30_000;
/** A live feed connects this long before the open, so the first tick of 09:15 is not missed. */
const CONNECT_BEFORE_OPEN_MS = 60_000;

/**
 * The service's loop: feed → `BarBuilder` (validation, aggregation) → sink, one batch at a time so
 * ticks and bars leave in order. A live (Kite) feed follows the market: it connects around the open,
 * closes bars on the clock (a bucket's end plus a grace), watches for silence, disconnects after the
 * close and stays idle on holidays; after a reconnect it holds live ticks until the missed minutes
 * have been filled from the historical API, so no bar is missing. Replays and the simulator run at once
 * and close bars by their own ticks.
 */
export class MarketDataRunner {
  private readonly builder: BarBuilder;
  private readonly live: boolean;
  private readonly stale: StaleFeedDetector;
  private readonly queue: Work[] = [];
  private draining: Promise<void> | undefined;
  /** Set while a reconnect's backfill runs: ticks wait in the queue. */
  private holding = false;
  /** Set while the live feed is down: the bar-close timer must not close bars the backfill will extend. */
  private disconnectedAt: number | undefined;
  private current: PreparedFeed | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastConnectAttempt = Number.NEGATIVE_INFINITY;
  private connecting = false;
  private stopped = false;
  private lastTickAt: number | undefined;
  readonly stats: MarketDataStats = {
    ticksIn: 0,
    ticksPublished: 0,
    barsClosed: 0,
    reconnects: 0,
    backfilledCandles: 0,
    state: 'idle',
  };

  constructor(private readonly deps: MarketDataRunnerDeps) {
    const { config } = deps;
    this.live = config.MD_FEED === 'kite';
    this.builder = new BarBuilder({
      timeframes: config.MD_TIMEFRAMES,
      outlierBandPct: config.MD_OUTLIER_BAND_PCT,
      publishForming: config.MD_PUBLISH_FORMING,
    });
    this.stale = new StaleFeedDetector({
      feed: config.MD_FEED,
      staleAfterMs: config.MD_STALE_SECONDS * 1000,
      calendar: deps.calendar,
      onAlert: (alert) => void this.alert(alert),
    });
  }

  async start(): Promise<void> {
    if (this.live) {
      await this.onTimer();
      this.timer = setInterval(() => void this.onTimer(), this.deps.config.MD_TIMER_MS);
      return;
    }
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.disconnect();
    await this.draining;
  }

  /** Resolves when every queued tick has been handled (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  validation() {
    return { ...this.builder.validation(), ...this.builder.aggregation() };
  }

  /** One timer round (live feeds): market hours, bar closing, stale feed. Public for tests. */
  async onTimer(): Promise<void> {
    const now = this.deps.now();
    feedMarketOpen.set({ feed: this.deps.config.MD_FEED }, this.isOpen(now) ? 1 : 0);
    const open = this.isOpen(now) || this.isOpen(new Date(now.getTime() + CONNECT_BEFORE_OPEN_MS));
    if (open && !this.current && !this.connecting && !this.stopped) {
      if (now.getTime() - this.lastConnectAttempt >= RETRY_CONNECT_MS) await this.connect();
    } else if (!open && this.current) {
      this.enqueue({ closeUpTo: now.getTime() });
      await this.disconnect();
      this.stats.state = 'idle';
    }
    if (this.current && this.disconnectedAt === undefined && !this.holding) {
      this.enqueue({ closeUpTo: now.getTime() - this.deps.config.MD_BAR_CLOSE_GRACE_MS });
    }
    if (this.current) this.stale.check(now);
  }

  /** Readiness: a live feed in market hours is fresh while its last tick (or connect) is recent enough. */
  feedFreshness(): { ok: boolean; detail?: string } {
    const now = this.deps.now();
    if (!this.live || !this.isOpen(now)) return { ok: true, detail: 'market closed or not a live feed' };
    if (!this.current)
      return { ok: false, detail: `${this.deps.config.MD_FEED} feed not connected in market hours` };
    const silentMs = now.getTime() - (this.lastTickAt ?? this.lastConnectAttempt);
    const ok = silentMs <= this.deps.config.MD_STALE_SECONDS * 1000;
    return ok ? { ok } : { ok, detail: `no tick for ${Math.round(silentMs / 1000)} s` };
  }

  private isOpen(at: Date): boolean {
    try {
      return this.deps.calendar.isOpen(at);
    } catch {
      return false; // a year the calendar lacks counts as closed
    }
  }

  private async connect(): Promise<void> {
    this.connecting = true;
    this.lastConnectAttempt = this.deps.now().getTime();
    try {
      const prepared = await this.deps.openFeed();
      await this.deps.optionChain?.begin(this.deps.now());
      prepared.feed.onTick((tick) => this.onTick(tick, prepared));
      prepared.feed.onStatus((status) => this.onStatus(status));
      // Before connect: a playback starts sending at once, and Kite sends stored subscriptions on open.
      prepared.feed.subscribe(prepared.instruments, 'full');
      await prepared.feed.connect();
      // Silence counts from the connection, not from the open of a session we joined late.
      if (this.live) this.stale.tickAt(this.deps.now());
      this.current = prepared;
      this.stats.state = 'live';
      this.log('log', `${prepared.feed.name} connected, ${prepared.instruments.length} instrument(s)`);
      void prepared.done?.then(() => {
        if (this.current !== prepared || this.stopped) return;
        // End of a replay: the last bars have no later tick to close them.
        this.enqueue({ closeUpTo: Number.POSITIVE_INFINITY });
        this.stats.state = 'finished';
      });
    } catch (err) {
      const message = (err as Error).message;
      this.log('error', `feed connect failed: ${message}`);
      await this.alert({
        severity: 'CRITICAL',
        code: 'feed_connect_failed',
        message: `market data feed ${this.deps.config.MD_FEED} could not connect: ${message}`,
        details: { feed: this.deps.config.MD_FEED },
      });
    } finally {
      this.connecting = false;
    }
  }

  private async disconnect(): Promise<void> {
    const prepared = this.current;
    this.current = undefined;
    if (prepared) await prepared.feed.close();
  }

  private onTick(received: Tick, prepared?: PreparedFeed): void {
    const chain = this.deps.optionChain;
    const tick = chain ? chain.name(received) : received;
    const change = chain?.onTick(tick);
    if (change && prepared && !this.stopped) {
      // The tick's own feed: the first index tick can arrive before connect() has returned.
      if (change.unsubscribe.length > 0) prepared.feed.unsubscribe(change.unsubscribe);
      if (change.subscribe.length > 0) prepared.feed.subscribe(change.subscribe, 'full');
    }
    this.stats.ticksIn++;
    this.lastTickAt = this.deps.now().getTime();
    recordFeedTick(this.deps.config.MD_FEED);
    if (this.live) this.stale.tickAt(this.deps.now());
    this.enqueue({ tick });
  }

  private onStatus(status: FeedStatus): void {
    if (status.kind === 'disconnected') {
      this.disconnectedAt ??= this.deps.now().getTime();
      void this.alert({
        severity: 'WARNING',
        code: 'feed_disconnected',
        message: `market data feed ${this.deps.config.MD_FEED} lost its connection: ${status.reason}`,
        details: { feed: this.deps.config.MD_FEED, reason: status.reason },
      });
    } else if (status.kind === 'reconnected') {
      this.stats.reconnects = status.reconnects;
      feedReconnects.inc({ feed: this.deps.config.MD_FEED });
      this.holding = true;
      void this.alert({
        severity: 'WARNING',
        code: 'feed_reconnected',
        message: `market data feed ${this.deps.config.MD_FEED} reconnected (reconnect #${status.reconnects}); backfilling the gap`,
        details: { feed: this.deps.config.MD_FEED, reconnects: status.reconnects },
      });
      void this.backfill();
    } else if (status.kind === 'error') {
      this.log('warn', `feed error: ${status.message}`);
    }
  }

  /**
   * Fills the minutes between each instrument's last tick and the reconnect from the historical API,
   * then lets the held live ticks through. On failure it alerts and resumes: a visible hole beats a
   * frozen feed.
   */
  private async backfill(): Promise<void> {
    const reconnectedAt = this.deps.now().getTime();
    const disconnectedAt = this.disconnectedAt ?? reconnectedAt;
    try {
      // Ticks that arrived before the drop go first; new ones wait (holding) in the queue.
      await this.drainSettled();
      const to = Math.floor(reconnectedAt / MINUTE) * MINUTE;
      const closed: Bar[] = [];
      for (const i of this.deps.config.MD_KITE_INSTRUMENTS) {
        const last = this.builder.lastTickTime(i) ?? disconnectedAt;
        const from = Math.floor(last / MINUTE) * MINUTE;
        if (!this.deps.candles || from >= to) continue;
        const candles = await this.deps.candles.minuteCandles(i.token, from, to);
        this.stats.backfilledCandles += candles.length;
        closed.push(...this.builder.fillGap(i, candles));
      }
      if (closed.length > 0) await this.emitBars(closed);
      this.log('log', `backfilled ${closed.length} bar(s) after reconnect`);
    } catch (err) {
      const message = (err as Error).message;
      this.log('error', `gap backfill failed: ${message}`);
      await this.alert({
        severity: 'CRITICAL',
        code: 'md_backfill_failed',
        message: `could not fill the market data gap after a reconnect: ${message}`,
        details: { feed: this.deps.config.MD_FEED, from: new Date(disconnectedAt).toISOString() },
      });
    } finally {
      this.disconnectedAt = undefined;
      this.holding = false;
      this.kick();
    }
  }

  private enqueue(work: Work): void {
    this.queue.push(work);
    this.kick();
  }

  private kick(): void {
    if (this.draining || this.holding) return;
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      if (this.queue.length > 0 && !this.holding) this.kick();
    });
  }

  private async drainSettled(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.holding) {
      const batch = this.queue.splice(0, this.queue.length);
      const ticks: Tick[] = [];
      const closed: Bar[] = [];
      const forming: Bar[] = [];
      for (const work of batch) {
        if ('tick' in work) {
          const outcome = this.builder.tick(work.tick);
          if (!outcome.ok) continue;
          ticks.push(work.tick);
          for (const bar of outcome.closed) closed.push(bar);
          for (const bar of outcome.forming) forming.push(bar);
        } else {
          for (const bar of this.builder.closeUpTo(work.closeUpTo)) closed.push(bar);
        }
      }
      try {
        // A trace starts at the ticks: what they cause downstream continues it (no-op without tracing).
        await inSpan('market-data ticks', async () => {
          if (ticks.length > 0) {
            await this.deps.sink.ticks(ticks);
            this.stats.ticksPublished += ticks.length;
          }
          if (closed.length > 0) await this.emitBars(closed);
          if (forming.length > 0) await this.deps.sink.bars(forming);
        });
      } catch (err) {
        this.log('error', `publishing market data failed: ${(err as Error).message}`);
      }
    }
  }

  private async emitBars(bars: readonly Bar[]): Promise<void> {
    await this.deps.sink.bars(bars);
    this.stats.barsClosed += bars.length;
    for (const bar of bars) barsPublished.inc({ timeframe: bar.timeframe });
  }

  private async alert(alert: Alert): Promise<void> {
    try {
      await this.deps.sink.alert(alert);
    } catch (err) {
      this.log('error', `alert ${alert.code} not published: ${(err as Error).message}`);
    }
  }

  private log(level: 'log' | 'warn' | 'error', message: string): void {
    this.deps.log?.(level, message);
  }
}
