import WebSocket from 'ws';

import { type Tick } from '@dalal/contracts';

import {
  emptySmartParseStats,
  parseSmartPacket,
  smartTickToTick,
  type SmartParseStats,
} from './smartapi-packet';
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

export const SMARTAPI_WS_URL = 'wss://smartapisocket.angelone.in/smart-stream';

export interface SmartApiFeedOptions {
  /** The session JWT, sent as the `Authorization` header. */
  readonly jwtToken: string;
  readonly apiKey: string;
  readonly clientCode: string;
  readonly feedToken: string;
  /** Socket URL, e.g. the fake's `ws://127.0.0.1:PORT/smart-stream`; defaults to Angel's. */
  readonly url?: string;
  /** exchangeType for instruments given as a bare token (default 1, nse_cm). */
  readonly defaultExchangeType?: number;
  /** Text `ping` period (Angel expects one every 10 s). */
  readonly pingIntervalMs?: number;
  /** No frame (pong included) for this long drops the line and reconnects (default 20 s, as SJS). */
  readonly silenceTimeoutMs?: number;
  /** Maps Angel's (exchangeType, symboltoken) to our instrument name; default the token. */
  readonly resolveInstrument?: (exchangeType: number, token: string) => string | undefined;
  readonly backoff?: Partial<BackoffPolicy>;
  readonly random?: () => number;
  /** An attempt that neither opens nor fails in this time is abandoned and retried. */
  readonly connectTimeoutMs?: number;
}

export interface SmartApiFeedStats extends SmartParseStats {
  ticks: number;
  /** Packets for exchanges the tick contract has no exchange for (MCX, NCX, CDS). */
  unmapped: number;
  pings: number;
  pongs: number;
  /** Text frames other than `pong` (Angel's error JSON and the like). */
  textMessages: number;
  reconnects: number;
  reconnectAttempts: number;
}

type State = 'idle' | 'connecting' | 'open' | 'waiting' | 'closing' | 'closed';

const MODE_CODES: Record<FeedMode, 1 | 2 | 3> = { ltp: 1, quote: 2, full: 3 };

/** A subscription key: `exchangeType:token`. */
type Key = string;

/**
 * Angel One SmartAPI WebSocket 2.0 on a plain `ws` client (smartapi-javascript crashes offline):
 * header auth, subscribe/unsubscribe JSON per mode (`ltp` → LTP, `quote` → Quote, `full` →
 * SnapQuote), a text `ping` every 10 s, binary frames decoded by `parseSmartPacket` into exact
 * decimal ticks, and the same reconnect loop as KiteFeed: backoff with jitter, resubscription in the
 * previous modes, every reconnect counted and reported.
 *
 * Instruments are `"exchangeType:token"` (`"2:35003"`) or a bare token in `defaultExchangeType`.
 */
export class SmartApiFeed implements MarketFeed {
  readonly name = 'smartapi';
  private readonly listeners = new FeedListeners();
  private readonly modes = new Map<Key, FeedMode>();
  private readonly policy: BackoffPolicy;
  private readonly random: () => number;
  private readonly parseStats = emptySmartParseStats();
  private readonly counts = {
    ticks: 0,
    unmapped: 0,
    pings: 0,
    pongs: 0,
    textMessages: 0,
    reconnects: 0,
    reconnectAttempts: 0,
  };
  private socket: WebSocket | undefined;
  private state: State = 'idle';
  private everOpened = false;
  private attempt = 0;
  private lastError = '';
  private correlation = 0;
  private lastFrameAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private attemptTimer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  private pendingOpen: { resolve: () => void; reject: (err: Error) => void } | undefined;

  constructor(private readonly options: SmartApiFeedOptions) {
    this.policy = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.random = options.random ?? Math.random;
  }

  /** Opens the socket; rejects if the first attempt fails (bad credentials should not spin forever). */
  connect(): Promise<void> {
    if (this.state !== 'idle') {
      return Promise.reject(new FeedError('CLOSED', `smartapi feed is ${this.state}`));
    }
    return new Promise<void>((resolve, reject) => {
      this.pendingOpen = { resolve, reject };
      this.open();
    });
  }

  subscribe(instruments: readonly FeedInstrument[], mode: FeedMode = 'quote'): void {
    const keys = instruments.map((i) => this.toKey(i));
    const moved: (readonly [Key, FeedMode])[] = [];
    for (const key of keys) {
      const old = this.modes.get(key);
      if (old !== undefined && old !== mode) moved.push([key, old]);
      this.modes.set(key, mode);
    }
    if (this.state !== 'open') return;
    // A token in another mode is unsubscribed there first, so it is not streamed twice.
    this.sendGrouped(0, moved);
    this.send(1, mode, keys);
  }

  unsubscribe(instruments: readonly FeedInstrument[]): void {
    const entries: (readonly [Key, FeedMode])[] = [];
    for (const instrument of instruments) {
      const key = this.toKey(instrument);
      const mode = this.modes.get(key);
      if (mode === undefined) continue;
      this.modes.delete(key);
      entries.push([key, mode]);
    }
    if (this.state === 'open') this.sendGrouped(0, entries);
  }

  onTick(listener: (tick: Tick) => void): Unsubscribe {
    return this.listeners.onTick(listener);
  }

  onStatus(listener: (status: FeedStatus) => void): Unsubscribe {
    return this.listeners.onStatus(listener);
  }

  stats(): SmartApiFeedStats {
    return { ...this.parseStats, ...this.counts };
  }

  /** `exchangeType:token` → mode: what is restored after a reconnect. */
  subscriptions(): ReadonlyMap<string, FeedMode> {
    return this.modes;
  }

  async close(): Promise<void> {
    if (this.state === 'closed' || this.state === 'idle') {
      this.state = 'closed';
      return;
    }
    this.state = 'closing';
    this.clearTimers();
    this.pendingOpen?.reject(new FeedError('CLOSED', 'smartapi feed closed before it connected'));
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

  private open(): void {
    this.state = 'connecting';
    const timeout = this.options.connectTimeoutMs ?? 10_000;
    const socket = new WebSocket(this.options.url ?? SMARTAPI_WS_URL, {
      headers: {
        Authorization: this.options.jwtToken,
        'x-api-key': this.options.apiKey,
        'x-client-code': this.options.clientCode,
        'x-feed-token': this.options.feedToken,
      },
    });
    this.socket = socket;
    this.attemptTimer = setTimeout(() => {
      this.lastError = `no answer in ${timeout} ms`;
      socket.terminate();
    }, timeout);
    socket.on('open', () => this.handleOpen(socket));
    socket.on('message', (data: WebSocket.RawData, isBinary: boolean) =>
      this.handleMessage(socket, data, isBinary),
    );
    socket.on('error', (error: Error) => {
      if (socket === this.socket) this.lastError = error?.message ?? String(error);
    });
    socket.on('close', () => this.handleClose(socket));
  }

  private handleOpen(socket: WebSocket): void {
    if (socket !== this.socket || this.state !== 'connecting') return;
    clearTimeout(this.attemptTimer);
    this.state = 'open';
    this.lastFrameAt = Date.now();
    const reconnect = this.everOpened;
    this.everOpened = true;
    this.attempt = 0;
    this.sendGrouped(1, [...this.modes]);
    this.startPing(socket);
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

  private handleMessage(socket: WebSocket, data: WebSocket.RawData, isBinary: boolean): void {
    if (socket !== this.socket || this.state !== 'open') return;
    this.lastFrameAt = Date.now();
    const bytes = toBuffer(data);
    if (!isBinary) {
      if (bytes.toString('utf8') === 'pong') this.counts.pongs++;
      else this.counts.textMessages++;
      return;
    }
    const smartTick = parseSmartPacket(bytes, this.parseStats);
    if (!smartTick) return;
    const tick = smartTickToTick(smartTick, this.options.resolveInstrument);
    if (!tick) {
      this.counts.unmapped++;
      return;
    }
    this.counts.ticks++;
    this.listeners.tick(tick);
  }

  private handleClose(socket: WebSocket): void {
    if (socket !== this.socket) return;
    if (this.state !== 'open' && this.state !== 'connecting') return;
    clearTimeout(this.attemptTimer);
    clearInterval(this.pingTimer);
    const wasOpen = this.state === 'open';
    const reason = this.lastError || 'socket closed';
    this.lastError = '';
    if (!this.everOpened) {
      this.state = 'closed';
      this.socket = undefined;
      this.pendingOpen?.reject(new FeedError('CONNECT_FAILED', `smartapi socket: ${reason}`));
      this.pendingOpen = undefined;
      return;
    }
    if (wasOpen) this.listeners.status({ kind: 'disconnected', reason });
    this.scheduleReconnect(reason);
  }

  private startPing(socket: WebSocket): void {
    const every = this.options.pingIntervalMs ?? 10_000;
    const silence = this.options.silenceTimeoutMs ?? 20_000;
    this.pingTimer = setInterval(() => {
      if (socket !== this.socket || socket.readyState !== WebSocket.OPEN) return;
      if (Date.now() - this.lastFrameAt > silence) {
        this.lastError = `no frame for ${silence} ms`;
        socket.terminate();
        return;
      }
      socket.send('ping');
      this.counts.pings++;
    }, every);
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

  private clearTimers(): void {
    clearTimeout(this.timer);
    clearTimeout(this.attemptTimer);
    clearInterval(this.pingTimer);
  }

  /** One message per mode, tokens grouped by exchangeType. */
  private sendGrouped(action: 0 | 1, entries: readonly (readonly [Key, FeedMode])[]): void {
    const byMode = new Map<FeedMode, Key[]>();
    for (const [key, mode] of entries) byMode.set(mode, [...(byMode.get(mode) ?? []), key]);
    for (const [mode, keys] of byMode) this.send(action, mode, keys);
  }

  private send(action: 0 | 1, mode: FeedMode, keys: readonly Key[]): void {
    if (keys.length === 0 || !this.socket || this.socket.readyState !== WebSocket.OPEN) return;
    const byExchange = new Map<number, string[]>();
    for (const key of keys) {
      const [exchangeType, token] = splitKey(key);
      byExchange.set(exchangeType, [...(byExchange.get(exchangeType) ?? []), token]);
    }
    const tokenList = [...byExchange].map(([exchangeType, tokens]) => ({ exchangeType, tokens }));
    this.socket.send(
      JSON.stringify({
        correlationID: `dalal${++this.correlation}`,
        action,
        params: { mode: MODE_CODES[mode], tokenList },
      }),
    );
  }

  private toKey(instrument: FeedInstrument): Key {
    const text = String(instrument);
    const match = /^(?:(\d{1,3}):)?([0-9A-Za-z_-]{1,25})$/.exec(text);
    if (!match) throw new FeedError('INVALID_INPUT', `not a SmartAPI token: ${text}`);
    const exchangeType = match[1] !== undefined ? Number(match[1]) : (this.options.defaultExchangeType ?? 1);
    if (exchangeType < 1 || exchangeType > 255) {
      throw new FeedError('INVALID_INPUT', `not a SmartAPI exchangeType: ${text}`);
    }
    return `${exchangeType}:${match[2]}`;
  }
}

function splitKey(key: Key): [number, string] {
  const at = key.indexOf(':');
  return [Number(key.slice(0, at)), key.slice(at + 1)];
}

function toBuffer(data: WebSocket.RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
