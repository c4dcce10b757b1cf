import WebSocket from 'ws';

import { type Bar, type Tick } from '@dalal/contracts';

import { type BackoffPolicy } from '../backoff';
import { FeedError } from '../feed-error';
import { FeedListeners } from '../feed-listeners';
import {
  type FeedInstrument,
  type FeedMode,
  type FeedStatus,
  type MarketFeed,
  type Unsubscribe,
} from '../market-feed';
import { WsConnection } from '../ws-connection';

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
  private readonly connection: WsConnection;
  private readonly intervals: readonly BinanceBarInterval[];
  private readonly counts: Omit<BinanceFeedStats, 'reconnects' | 'reconnectAttempts'> = {
    messages: 0,
    ticks: 0,
    bars: 0,
    openKlines: 0,
    malformed: 0,
    ignored: 0,
  };
  private requestId = 0;

  constructor(private readonly options: BinanceFeedOptions = {}) {
    this.connection = new WsConnection({
      name: 'binance',
      failurePrefix: 'binance stream',
      listeners: this.listeners,
      backoff: options.backoff,
      random: options.random,
      connectTimeoutMs: options.connectTimeoutMs,
      createSocket: () => new WebSocket(this.url()),
      onOpen: (socket) => this.handleOpen(socket),
      onMessage: (data, isBinary) => this.handleText(isBinary ? '' : rawText(data)),
      resubscribed: () => this.symbols.size,
    });
    this.intervals = options.klineIntervals ?? ['1m'];
  }

  /** Opens the socket; rejects if the first attempt fails. */
  connect(): Promise<void> {
    return this.connection.connect();
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
    return {
      ...this.counts,
      reconnects: this.connection.reconnects,
      reconnectAttempts: this.connection.reconnectAttempts,
    };
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

  close(): Promise<void> {
    return this.connection.close();
  }

  private streamsOf(symbol: string): string[] {
    return [`${symbol}@trade`, ...this.intervals.map((i) => `${symbol}@kline_${i}`)];
  }

  private request(method: 'SUBSCRIBE' | 'UNSUBSCRIBE', symbols: readonly string[]): void {
    const socket = this.connection.socket;
    if (symbols.length === 0 || this.connection.state !== 'open') return;
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    const params = symbols.flatMap((s) => this.streamsOf(s));
    socket.send(JSON.stringify({ method, params, id: ++this.requestId }));
  }

  /** Asks for the symbols the socket's URL does not carry. */
  private handleOpen(socket: WebSocket): void {
    // Symbols added while the socket was connecting are not in its URL: ask for them now.
    const url = new URL(socket.url);
    const carried = new Set((url.searchParams.get('streams') ?? '').split('/'));
    this.request(
      'SUBSCRIBE',
      [...this.symbols].filter((s) => !carried.has(`${s}@trade`)),
    );
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
