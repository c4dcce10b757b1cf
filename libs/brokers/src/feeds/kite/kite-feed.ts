import { KiteTicker } from 'kiteconnect';

import { type Tick } from '@dalal/contracts';
import { systemClock, type Clock } from '@dalal/market';

import { emptyKiteParseStats, parseKiteMessage, type KiteParseStats, type KiteTick } from './kite-packet';
import { kiteTickToTick, type InstrumentResolver } from './kite-tick-mapper';
import { DEFAULT_BACKOFF, backoffDelay, type BackoffPolicy } from '../backoff';
import { FeedError } from '../feed-error';
import { FeedListeners } from '../feed-listeners';
import {
  type FeedInstrument,
  type FeedMode,
  type FeedStatus,
  type MarketFeed,
  type Unsubscribe,
} from '../market-feed';

export interface KiteFeedOptions {
  readonly apiKey: string;
  readonly accessToken: string;
  /** Ticker root, e.g. `ws://127.0.0.1:PORT/` for the fake; defaults to Kite's. */
  readonly root?: string;
  readonly resolveInstrument?: InstrumentResolver;
  /** Stamps packets that carry no exchange time (ltp, quote). */
  readonly clock?: Clock;
  readonly backoff?: Partial<BackoffPolicy>;
  readonly random?: () => number;
  /** An attempt that neither opens nor fails in this time is abandoned and retried. */
  readonly connectTimeoutMs?: number;
}

export interface KiteFeedStats extends KiteParseStats {
  ticks: number;
  /** Packets for segments the tick contract has no exchange for. */
  unmapped: number;
  /** Successful reconnects since `connect()`. */
  reconnects: number;
  /** Reconnect attempts, failed ones included. */
  reconnectAttempts: number;
}

type State = 'idle' | 'connecting' | 'open' | 'waiting' | 'closing' | 'closed';

/**
 * KiteTicker keeps its socket and its event lists in module scope: one ticker per process, and
 * listeners can never be removed. So the feed registers one bridge, once, and the bridge forwards to
 * whichever KiteFeed is active.
 */
let active: KiteFeed | null = null;
let bridged = false;

function claim(feed: KiteFeed): void {
  active = feed;
}

function bridge(ticker: InstanceType<typeof KiteTicker>): void {
  if (bridged) return;
  bridged = true;
  ticker.on('connect', () => active?.handleOpen());
  // 'close' fires for every socket; 'disconnect' is skipped for "ghost" sockets after the first and
  // re-fired by KiteTicker's read timer, so the feed follows 'close' only.
  ticker.on('close', () => active?.handleClose());
  ticker.on('error', (error: Error) => active?.handleError(error));
  ticker.on('message', (data: ArrayBuffer) => active?.handleBinary(data));
  ticker.on('order_update', (order: unknown) => active?.handleOrder(order));
}

/**
 * Kite's binary ticker through the official KiteTicker (pointed at `root`, its own reconnect off),
 * decoded by our parser into exact decimal ticks, with our reconnect loop: backoff with jitter
 * 1 s → 60 s, resubscription in the previous modes, every reconnect counted and reported.
 */
export class KiteFeed implements MarketFeed {
  readonly name = 'kite';
  private readonly listeners = new FeedListeners();
  private readonly rawListeners = new Set<(tick: KiteTick) => void>();
  private readonly orderListeners = new Set<(order: unknown) => void>();
  private readonly modes = new Map<number, FeedMode>();
  private readonly policy: BackoffPolicy;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly ticker: InstanceType<typeof KiteTicker>;
  private readonly parseStats = emptyKiteParseStats();
  private readonly counts = { ticks: 0, unmapped: 0, reconnects: 0, reconnectAttempts: 0 };
  private readonly scratch: KiteTick[] = [];
  private state: State = 'idle';
  private everOpened = false;
  private attempt = 0;
  private lastError = '';
  private timer: NodeJS.Timeout | undefined;
  private attemptTimer: NodeJS.Timeout | undefined;
  private pendingOpen: { resolve: () => void; reject: (err: Error) => void } | undefined;
  private pendingClose: (() => void) | undefined;

  constructor(private readonly options: KiteFeedOptions) {
    this.policy = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    const params = {
      api_key: options.apiKey,
      access_token: options.accessToken,
      reconnect: false,
      ...(options.root ? { root: options.root } : {}),
    };
    this.ticker = new KiteTicker(params);
    bridge(this.ticker);
  }

  /** Opens the socket; rejects if the first attempt fails (a bad token should not spin forever). */
  connect(): Promise<void> {
    if (this.state !== 'idle') return Promise.reject(new FeedError('CLOSED', `kite feed is ${this.state}`));
    if (active && active !== this) {
      return Promise.reject(
        new FeedError('ALREADY_ACTIVE', 'KiteTicker allows one connection per process; close the other feed'),
      );
    }
    claim(this);
    return new Promise<void>((resolve, reject) => {
      this.pendingOpen = { resolve, reject };
      this.open();
    });
  }

  subscribe(instruments: readonly FeedInstrument[], mode: FeedMode = 'quote'): void {
    const tokens = instruments.map(toToken);
    for (const token of tokens) this.modes.set(token, mode);
    if (this.state === 'open') this.send(tokens, mode);
  }

  unsubscribe(instruments: readonly FeedInstrument[]): void {
    const tokens = instruments.map(toToken);
    for (const token of tokens) this.modes.delete(token);
    if (this.state === 'open' && tokens.length > 0) this.ticker.unsubscribe(tokens);
  }

  onTick(listener: (tick: Tick) => void): Unsubscribe {
    return this.listeners.onTick(listener);
  }

  onStatus(listener: (status: FeedStatus) => void): Unsubscribe {
    return this.listeners.onStatus(listener);
  }

  /** Every decoded packet, depth and all, before it is narrowed to the tick contract. */
  onKiteTick(listener: (tick: KiteTick) => void): Unsubscribe {
    this.rawListeners.add(listener);
    return () => this.rawListeners.delete(listener);
  }

  /** `{"type":"order"}` frames: Kite's postback payload pushed on the ticker. */
  onOrderUpdate(listener: (order: unknown) => void): Unsubscribe {
    this.orderListeners.add(listener);
    return () => this.orderListeners.delete(listener);
  }

  stats(): KiteFeedStats {
    return { ...this.parseStats, ...this.counts };
  }

  /** The tokens and modes that will be restored after a reconnect. */
  subscriptions(): ReadonlyMap<number, FeedMode> {
    return this.modes;
  }

  async close(): Promise<void> {
    if (this.state === 'closed' || this.state === 'idle') {
      this.state = 'closed';
      return;
    }
    const wasOpen = this.state === 'open' || this.state === 'connecting';
    this.state = 'closing';
    clearTimeout(this.timer);
    clearTimeout(this.attemptTimer);
    this.pendingOpen?.reject(new FeedError('CLOSED', 'kite feed closed before it connected'));
    this.pendingOpen = undefined;
    if (wasOpen) {
      const closed = new Promise<void>((resolve) => (this.pendingClose = resolve));
      this.ticker.disconnect();
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    }
    this.state = 'closed';
    if (active === this) active = null;
    this.listeners.status({ kind: 'closed' });
  }

  /** @internal bridge callback */
  handleOpen(): void {
    if (this.state !== 'connecting') return;
    clearTimeout(this.attemptTimer);
    this.state = 'open';
    const reconnect = this.everOpened;
    this.everOpened = true;
    this.attempt = 0;
    const byMode = new Map<FeedMode, number[]>();
    for (const [token, mode] of this.modes) byMode.set(mode, [...(byMode.get(mode) ?? []), token]);
    for (const [mode, tokens] of byMode) this.send(tokens, mode);
    if (reconnect) {
      this.counts.reconnects++;
      this.listeners.status({
        kind: 'reconnected',
        reconnects: this.counts.reconnects,
        resubscribed: this.modes.size,
      });
    }
    this.listeners.status({ kind: 'connected', reconnects: this.counts.reconnects });
    this.pendingOpen?.resolve();
    this.pendingOpen = undefined;
  }

  /** @internal bridge callback */
  handleClose(): void {
    if (this.state === 'closing') {
      this.pendingClose?.();
      return;
    }
    if (this.state !== 'open' && this.state !== 'connecting') return;
    clearTimeout(this.attemptTimer);
    const reason = this.lastError || 'socket closed';
    this.lastError = '';
    if (!this.everOpened) {
      this.state = 'closed';
      if (active === this) active = null;
      this.pendingOpen?.reject(new FeedError('CONNECT_FAILED', `kite ticker: ${reason}`));
      this.pendingOpen = undefined;
      return;
    }
    if (this.state === 'open') this.listeners.status({ kind: 'disconnected', reason });
    this.scheduleReconnect(reason);
  }

  /** @internal bridge callback */
  handleError(error: Error): void {
    this.lastError = error?.message ?? String(error);
  }

  /** @internal bridge callback */
  handleBinary(data: ArrayBuffer): void {
    if (this.state !== 'open') return;
    const ticks = parseKiteMessage(new Uint8Array(data), this.parseStats, this.scratch);
    if (ticks.length === 0) return;
    const receivedAt = this.clock.now();
    for (const kiteTick of ticks) {
      for (const listener of this.rawListeners) listener(kiteTick);
      const tick = kiteTickToTick(kiteTick, receivedAt, this.options.resolveInstrument);
      if (!tick) {
        this.counts.unmapped++;
        continue;
      }
      this.counts.ticks++;
      this.listeners.tick(tick);
    }
    ticks.length = 0;
  }

  /** @internal bridge callback */
  handleOrder(order: unknown): void {
    for (const listener of this.orderListeners) listener(order);
  }

  private open(): void {
    this.state = 'connecting';
    const timeout = this.options.connectTimeoutMs ?? 10_000;
    this.attemptTimer = setTimeout(() => {
      this.lastError = `no answer in ${timeout} ms`;
      // Closing the stuck socket brings us back through handleClose and the backoff.
      this.ticker.disconnect();
    }, timeout);
    this.ticker.connect();
  }

  private scheduleReconnect(reason: string): void {
    this.state = 'waiting';
    this.attempt++;
    this.counts.reconnectAttempts++;
    const delayMs = backoffDelay(this.attempt, this.policy, this.random);
    this.listeners.status({ kind: 'reconnecting', attempt: this.attempt, delayMs, reason });
    this.timer = setTimeout(() => {
      if (this.state === 'waiting') this.open();
    }, delayMs);
  }

  private send(tokens: number[], mode: FeedMode): void {
    if (tokens.length === 0) return;
    this.ticker.subscribe(tokens);
    this.ticker.setMode(mode, tokens);
  }
}

function toToken(instrument: FeedInstrument): number {
  const token = typeof instrument === 'number' ? instrument : Number(instrument);
  if (!Number.isInteger(token) || token <= 0 || token > 0xffffffff) {
    throw new FeedError('INVALID_INPUT', `not a Kite instrument token: ${String(instrument)}`);
  }
  return token;
}
