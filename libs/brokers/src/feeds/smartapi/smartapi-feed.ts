import WebSocket from 'ws';

import { type Tick } from '@dalal/contracts';

import {
  emptySmartParseStats,
  parseSmartPacket,
  smartTickToTick,
  type SmartParseStats,
} from './smartapi-packet';
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
  private readonly connection: WsConnection;
  private readonly parseStats = emptySmartParseStats();
  private readonly counts = {
    ticks: 0,
    unmapped: 0,
    pings: 0,
    pongs: 0,
    textMessages: 0,
  };
  private correlation = 0;
  private lastFrameAt = 0;
  private pingTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: SmartApiFeedOptions) {
    this.connection = new WsConnection({
      name: 'smartapi',
      failurePrefix: 'smartapi socket',
      listeners: this.listeners,
      backoff: options.backoff,
      random: options.random,
      connectTimeoutMs: options.connectTimeoutMs,
      createSocket: () =>
        new WebSocket(options.url ?? SMARTAPI_WS_URL, {
          headers: {
            Authorization: options.jwtToken,
            'x-api-key': options.apiKey,
            'x-client-code': options.clientCode,
            'x-feed-token': options.feedToken,
          },
        }),
      onOpen: (socket) => this.handleOpen(socket),
      onMessage: (data, isBinary) => this.handleMessage(data, isBinary),
      resubscribed: () => this.modes.size,
      onSocketEnd: () => clearInterval(this.pingTimer),
    });
  }

  /** Opens the socket; rejects if the first attempt fails (bad credentials should not spin forever). */
  connect(): Promise<void> {
    return this.connection.connect();
  }

  subscribe(instruments: readonly FeedInstrument[], mode: FeedMode = 'quote'): void {
    const keys = instruments.map((i) => this.toKey(i));
    const moved: (readonly [Key, FeedMode])[] = [];
    for (const key of keys) {
      const old = this.modes.get(key);
      if (old !== undefined && old !== mode) moved.push([key, old]);
      this.modes.set(key, mode);
    }
    if (this.connection.state !== 'open') return;
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
    if (this.connection.state === 'open') this.sendGrouped(0, entries);
  }

  onTick(listener: (tick: Tick) => void): Unsubscribe {
    return this.listeners.onTick(listener);
  }

  onStatus(listener: (status: FeedStatus) => void): Unsubscribe {
    return this.listeners.onStatus(listener);
  }

  stats(): SmartApiFeedStats {
    return {
      ...this.parseStats,
      ...this.counts,
      reconnects: this.connection.reconnects,
      reconnectAttempts: this.connection.reconnectAttempts,
    };
  }

  /** `exchangeType:token` → mode: what is restored after a reconnect. */
  subscriptions(): ReadonlyMap<string, FeedMode> {
    return this.modes;
  }

  close(): Promise<void> {
    return this.connection.close();
  }

  /** Resubscribes everything in its mode and starts the ping. */
  private handleOpen(socket: WebSocket): void {
    this.lastFrameAt = Date.now();
    this.sendGrouped(1, [...this.modes]);
    this.startPing(socket);
  }

  private handleMessage(data: WebSocket.RawData, isBinary: boolean): void {
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

  private startPing(socket: WebSocket): void {
    const every = this.options.pingIntervalMs ?? 10_000;
    const silence = this.options.silenceTimeoutMs ?? 20_000;
    this.pingTimer = setInterval(() => {
      if (socket !== this.connection.socket || socket.readyState !== WebSocket.OPEN) return;
      if (Date.now() - this.lastFrameAt > silence) {
        this.connection.abort(socket, `no frame for ${silence} ms`);
        return;
      }
      socket.send('ping');
      this.counts.pings++;
    }, every);
  }

  /** One message per mode, tokens grouped by exchangeType. */
  private sendGrouped(action: 0 | 1, entries: readonly (readonly [Key, FeedMode])[]): void {
    const byMode = new Map<FeedMode, Key[]>();
    for (const [key, mode] of entries) byMode.set(mode, [...(byMode.get(mode) ?? []), key]);
    for (const [mode, keys] of byMode) this.send(action, mode, keys);
  }

  private send(action: 0 | 1, mode: FeedMode, keys: readonly Key[]): void {
    const socket = this.connection.socket;
    if (keys.length === 0 || !socket || socket.readyState !== WebSocket.OPEN) return;
    const byExchange = new Map<number, string[]>();
    for (const key of keys) {
      const [exchangeType, token] = splitKey(key);
      byExchange.set(exchangeType, [...(byExchange.get(exchangeType) ?? []), token]);
    }
    const tokenList = [...byExchange].map(([exchangeType, tokens]) => ({ exchangeType, tokens }));
    socket.send(
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
