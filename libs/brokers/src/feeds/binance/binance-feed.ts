import WebSocket from 'ws';

import { type Bar, type Tick } from '@dalal/contracts';

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

export const BINANCE_TESTNET_STREAM_URL = 'wss://stream.testnet.binance.vision';

/** Kline intervals the contract `Bar` has a timeframe for. */
export type BinanceBarInterval = '1m' | '3m' | '5m' | '15m' | '1h' | '1d';

export interface BinanceFeedOptions {
  /** Stream host without a path, e.g. the fake's `ws://127.0.0.1:PORT`; defaults to the testnet. */
  readonly baseUrl?: string;
  /** Kline streams opened per symbol besides `@trade` (default `['1m']`; `[]` for trades only). */
  readonly klineIntervals?: readonly BinanceBarInterval[];
  readonly backoff?: Partial<BackoffPolicy>;
  readonly random?: () => number;
  /** An attempt that neither opens nor fails in this time is abandoned and retried. */
  readonly connectTimeoutMs?: number;
}

/** A closed kline as Binance sent it: every price and quantity an exact decimal string. */
export interface BinanceKline {
  readonly symbol: string;
  readonly interval: string;
  /** Kline start and end (`k.t`, `k.T`: the end is the last millisecond of the bar), epoch ms. */
  readonly openTime: number;
  readonly closeTime: number;
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  /** Base-asset volume, e.g. `"12.34500000"`. */
  readonly volume: string;
  /** Quote-asset volume. */
  readonly quoteVolume: string;
  readonly trades: number;
}

export interface BinanceFeedStats {
  /** Text frames received. */
  messages: number;
  ticks: number;
  bars: number;
  /** Kline updates with `k.x` false (the bar is still forming): not surfaced. */
  openKlines: number;
  /** Frames that are not JSON or lack the fields of a trade or kline event. */
  malformed: number;
  /** Well-formed frames of other kinds (SUBSCRIBE answers, other event types). */
  ignored: number;
  reconnects: number;
  reconnectAttempts: number;
}

type State = 'idle' | 'connecting' | 'open' | 'waiting' | 'closing' | 'closed';

const DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * Binance spot market streams as a `MarketFeed`: one combined-stream socket
 * (`/stream?streams=btcusdt@trade/btcusdt@kline_1m`), `@trade` events as contract ticks (exchange
 * BINANCE, Binance's decimal price strings kept as they are, event time `E` as `exchangeTs`), and
 * closed klines (`k.x` true) as contract bars through `onBar`. Instruments are symbols, any case
 * (`BTCUSDT`); modes are ignored. Subscriptions made while open go out as `SUBSCRIBE` /
 * `UNSUBSCRIBE` requests; after a drop the feed reconnects with backoff and jitter, the new URL
 * carrying every current stream (the resubscription), and counts the reconnect.
 */
export class BinanceFeed implements MarketFeed {
  readonly name = 'binance';
  private readonly listeners = new FeedListeners();
  private readonly barListeners = new Set<(bar: Bar, kline: BinanceKline) => void>();
  private readonly symbols = new Set<string>();
  private readonly policy: BackoffPolicy;
  private readonly random: () => number;
  private readonly intervals: readonly BinanceBarInterval[];
  private readonly counts: BinanceFeedStats = {
    messages: 0,
    ticks: 0,
    bars: 0,
    openKlines: 0,
    malformed: 0,
    ignored: 0,
    reconnects: 0,
    reconnectAttempts: 0,
  };
  private socket: WebSocket | undefined;
  private state: State = 'idle';
  private everOpened = false;
  private attempt = 0;
  private requestId = 0;
  private lastError = '';
  private timer: NodeJS.Timeout | undefined;
  private attemptTimer: NodeJS.Timeout | undefined;
  private pendingOpen: { resolve: () => void; reject: (err: Error) => void } | undefined;

  constructor(private readonly options: BinanceFeedOptions = {}) {
    this.policy = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.random = options.random ?? Math.random;
    this.intervals = options.klineIntervals ?? ['1m'];
  }

  /** Opens the socket; rejects if the first attempt fails. */
  connect(): Promise<void> {
    if (this.state !== 'idle') {
      return Promise.reject(new FeedError('CLOSED', `binance feed is ${this.state}`));
    }
    return new Promise<void>((resolve, reject) => {
      this.pendingOpen = { resolve, reject };
      this.open();
    });
  }

  subscribe(instruments: readonly FeedInstrument[], _mode?: FeedMode): void {
    const added = instruments.map(toSymbol).filter((s) => !this.symbols.has(s));
    for (const symbol of added) this.symbols.add(symbol);
    this.request('SUBSCRIBE', added);
  }

  unsubscribe(instruments: readonly FeedInstrument[]): void {
    const removed = instruments.map(toSymbol).filter((s) => this.symbols.has(s));
    for (const symbol of removed) this.symbols.delete(symbol);
    this.request('UNSUBSCRIBE', removed);
  }

  onTick(listener: (tick: Tick) => void): Unsubscribe {
    return this.listeners.onTick(listener);
  }

  onStatus(listener: (status: FeedStatus) => void): Unsubscribe {
    return this.listeners.onStatus(listener);
  }

  /**
   * Closed klines as contract bars (`closed: true`, `closeTime` = kline end + 1 ms), with the kline
   * as sent. The contract's `volume` is an integer, so it carries the whole part of the base-asset
   * volume; the exact decimal volume is `kline.volume`.
   */
  onBar(listener: (bar: Bar, kline: BinanceKline) => void): Unsubscribe {
    this.barListeners.add(listener);
    return () => this.barListeners.delete(listener);
  }

  stats(): BinanceFeedStats {
    return { ...this.counts };
  }

  /** The stream names the socket carries (or will, once connected). */
  streams(): string[] {
    const names: string[] = [];
    for (const symbol of this.symbols) names.push(...this.streamsOf(symbol));
    return names;
  }

  /** The combined-stream URL for the current subscriptions. */
  url(): string {
    const base = (this.options.baseUrl ?? BINANCE_TESTNET_STREAM_URL).replace(/\/+$/, '');
    const streams = this.streams();
    return streams.length > 0 ? `${base}/stream?streams=${streams.join('/')}` : `${base}/stream`;
  }

  async close(): Promise<void> {
    if (this.state === 'closed' || this.state === 'idle') {
      this.state = 'closed';
      return;
    }
    this.state = 'closing';
    clearTimeout(this.timer);
    clearTimeout(this.attemptTimer);
    this.pendingOpen?.reject(new FeedError('CLOSED', 'binance feed closed before it connected'));
    this.pendingOpen = undefined;
    const socket = this.socket;
    this.socket = undefined;
    if (socket && socket.readyState !== WebSocket.CLOSED) {
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
      else socket.close(1000);
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
      socket.terminate();
    }
    this.state = 'closed';
    this.listeners.status({ kind: 'closed' });
  }

  private streamsOf(symbol: string): string[] {
    return [`${symbol}@trade`, ...this.intervals.map((i) => `${symbol}@kline_${i}`)];
  }

  private request(method: 'SUBSCRIBE' | 'UNSUBSCRIBE', symbols: readonly string[]): void {
    if (symbols.length === 0 || this.state !== 'open') return;
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) return;
    const params = symbols.flatMap((s) => this.streamsOf(s));
    this.socket.send(JSON.stringify({ method, params, id: ++this.requestId }));
  }

  private open(): void {
    this.state = 'connecting';
    const timeout = this.options.connectTimeoutMs ?? 10_000;
    const socket = new WebSocket(this.url());
    this.socket = socket;
    this.attemptTimer = setTimeout(() => {
      this.lastError = `no answer in ${timeout} ms`;
      socket.terminate();
    }, timeout);
    socket.on('open', () => this.handleOpen(socket));
    socket.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      if (socket === this.socket && this.state === 'open') this.handleText(isBinary ? '' : rawText(data));
    });
    socket.on('error', (error: Error) => {
      if (socket === this.socket) this.lastError = error?.message ?? String(error);
    });
    socket.on('close', () => this.handleClose(socket));
  }

  private handleOpen(socket: WebSocket): void {
    if (socket !== this.socket || this.state !== 'connecting') return;
    clearTimeout(this.attemptTimer);
    this.state = 'open';
    const reconnect = this.everOpened;
    this.everOpened = true;
    this.attempt = 0;
    // Symbols added while the socket was connecting are not in its URL: ask for them now.
    const url = new URL(socket.url);
    const carried = new Set((url.searchParams.get('streams') ?? '').split('/'));
    this.request(
      'SUBSCRIBE',
      [...this.symbols].filter((s) => !carried.has(`${s}@trade`)),
    );
    if (reconnect) {
      this.counts.reconnects++;
      this.listeners.status({
        kind: 'reconnected',
        reconnects: this.counts.reconnects,
        resubscribed: this.symbols.size,
      });
    }
    this.listeners.status({ kind: 'connected', reconnects: this.counts.reconnects });
    this.pendingOpen?.resolve();
    this.pendingOpen = undefined;
  }

  private handleClose(socket: WebSocket): void {
    if (socket !== this.socket) return;
    if (this.state !== 'open' && this.state !== 'connecting') return;
    clearTimeout(this.attemptTimer);
    const wasOpen = this.state === 'open';
    const reason = this.lastError || 'socket closed';
    this.lastError = '';
    if (!this.everOpened) {
      this.state = 'closed';
      this.socket = undefined;
      this.pendingOpen?.reject(new FeedError('CONNECT_FAILED', `binance stream: ${reason}`));
      this.pendingOpen = undefined;
      return;
    }
    if (wasOpen) this.listeners.status({ kind: 'disconnected', reason });
    this.state = 'waiting';
    this.attempt++;
    this.counts.reconnectAttempts++;
    const delayMs = backoffDelay(this.attempt, this.policy, this.random);
    this.listeners.status({ kind: 'reconnecting', attempt: this.attempt, delayMs, reason });
    this.timer = setTimeout(() => {
      if (this.state === 'waiting') this.open();
    }, delayMs);
  }

  private handleText(text: string): void {
    this.counts.messages++;
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.counts.malformed++;
      return;
    }
    if (typeof message !== 'object' || message === null) {
      this.counts.malformed++;
      return;
    }
    // Combined streams wrap each event as {stream, data}; a raw /ws socket sends the event itself.
    const wrapped = message as { stream?: unknown; data?: unknown };
    const event = (typeof wrapped.stream === 'string' ? wrapped.data : message) as Record<
      string,
      unknown
    > | null;
    const type = event && typeof event === 'object' ? event['e'] : undefined;
    if (type === 'trade') this.handleTrade(event!);
    else if (type === 'kline') this.handleKline(event!);
    else if (typeof wrapped.stream === 'string') this.counts.malformed++;
    else this.counts.ignored++;
  }

  private handleTrade(event: Record<string, unknown>): void {
    const { s: symbol, p: price, E: eventTime } = event;
    if (typeof symbol !== 'string' || !isDecimal(price) || !isEpochMs(eventTime)) {
      this.counts.malformed++;
      return;
    }
    this.counts.ticks++;
    this.listeners.tick({
      instrument: symbol,
      exchange: 'BINANCE',
      ltp: price,
      exchangeTs: new Date(eventTime).toISOString(),
    });
  }

  private handleKline(event: Record<string, unknown>): void {
    const k = event['k'] as Record<string, unknown> | undefined;
    const symbol = event['s'];
    if (
      typeof k !== 'object' ||
      k === null ||
      typeof symbol !== 'string' ||
      typeof k['i'] !== 'string' ||
      typeof k['x'] !== 'boolean' ||
      !isEpochMs(k['t']) ||
      !isEpochMs(k['T']) ||
      !['o', 'h', 'l', 'c', 'v'].every((f) => isDecimal(k[f]))
    ) {
      this.counts.malformed++;
      return;
    }
    if (!k['x']) {
      this.counts.openKlines++;
      return;
    }
    const interval = k['i'];
    if (!isBarInterval(interval)) {
      this.counts.ignored++;
      return;
    }
    const kline: BinanceKline = {
      symbol,
      interval,
      openTime: k['t'] as number,
      closeTime: k['T'] as number,
      open: k['o'] as string,
      high: k['h'] as string,
      low: k['l'] as string,
      close: k['c'] as string,
      volume: k['v'] as string,
      quoteVolume: isDecimal(k['q']) ? k['q'] : '0',
      trades: typeof k['n'] === 'number' ? k['n'] : 0,
    };
    const bar: Bar = {
      instrument: symbol,
      exchange: 'BINANCE',
      timeframe: interval,
      openTime: new Date(kline.openTime).toISOString(),
      closeTime: new Date(kline.closeTime + 1).toISOString(),
      open: kline.open,
      high: kline.high,
      low: kline.low,
      close: kline.close,
      volume: Number(kline.volume.split('.')[0]),
      closed: true,
    };
    this.counts.bars++;
    for (const listener of this.barListeners) {
      try {
        listener(bar, kline);
      } catch (err) {
        this.listeners.status({ kind: 'error', message: `bar listener failed: ${(err as Error).message}` });
      }
    }
  }
}

function toSymbol(instrument: FeedInstrument): string {
  const symbol = String(instrument).toLowerCase();
  if (!/^[a-z0-9]{2,20}$/.test(symbol)) {
    throw new FeedError('INVALID_INPUT', `not a Binance symbol: ${String(instrument)}`);
  }
  return symbol;
}

function isDecimal(value: unknown): value is string {
  return typeof value === 'string' && DECIMAL.test(value);
}

function isEpochMs(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isBarInterval(value: string): value is BinanceBarInterval {
  return ['1m', '3m', '5m', '15m', '1h', '1d'].includes(value);
}

function rawText(data: WebSocket.RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
