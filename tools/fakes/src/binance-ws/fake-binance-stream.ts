import { type IncomingMessage } from 'node:http';

import { type RawData, type WebSocket, type WebSocketServer } from 'ws';

import { WsFakeServer, type WsFakeVerdict } from '../ws-fake-server';

/** A trade to push on `<symbol>@trade`. */
export interface FakeBinanceStreamTrade {
  readonly symbol: string;
  readonly price: string;
  readonly quantity?: string;
  /** Event time `E`, epoch ms; trade time `T` defaults to it. */
  readonly eventTime: number;
  readonly tradeTime?: number;
  readonly tradeId?: number;
  readonly buyerIsMaker?: boolean;
}

/** A kline update to push on `<symbol>@kline_<interval>`. */
export interface FakeBinanceStreamKline {
  readonly symbol: string;
  readonly interval: string;
  /** Kline start, epoch ms; `closeTime` (`k.T`) defaults to start + interval − 1. */
  readonly openTime: number;
  readonly closeTime?: number;
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  readonly volume: string;
  readonly quoteVolume?: string;
  readonly trades?: number;
  /** `k.x`: is this kline closed? */
  readonly closed: boolean;
  readonly eventTime?: number;
}

export interface FakeBinanceStreamClient {
  readonly id: number;
  readonly streams: Set<string>;
  readonly received: unknown[];
}

interface Client extends FakeBinanceStreamClient {
  readonly socket: WebSocket;
}

const INTERVAL_MS: Record<string, number> = {
  '1m': 60_000,
  '3m': 180_000,
  '5m': 300_000,
  '15m': 900_000,
  '30m': 1_800_000,
  '1h': 3_600_000,
  '4h': 14_400_000,
  '1d': 86_400_000,
};

/**
 * A local stand-in for Binance's market streams (`wss://stream.testnet.binance.vision`):
 * `/stream?streams=a/b` combined streams (events wrapped as `{stream, data}`), `/ws/<stream>` raw
 * streams, live `SUBSCRIBE` / `UNSUBSCRIBE` / `LIST_SUBSCRIPTIONS` requests, scripted `trade` and
 * `kline` events with decimal-string prices, and a switch to drop every connection. Binds 127.0.0.1
 * on a free port.
 */
export class FakeBinanceStream extends WsFakeServer<FakeBinanceStreamClient> {
  private readonly combined = new WeakSet<WebSocket>();

  private constructor(server: WebSocketServer) {
    super(server, 'fake binance stream', { status: 503, reason: 'Service Unavailable' });
  }

  static async start(): Promise<FakeBinanceStream> {
    return WsFakeServer.listen((server) => new FakeBinanceStream(server));
  }

  /** `ws://127.0.0.1:PORT`, the base a feed appends `/stream?streams=…` to. */
  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** Stream names any live client carries. */
  streams(): Set<string> {
    const all = new Set<string>();
    for (const client of this.clients.values()) for (const s of client.streams) all.add(s);
    return all;
  }

  /** Pushes trade events to the clients on `<symbol>@trade`; returns how many went out. */
  sendTrades(trades: readonly FakeBinanceStreamTrade[]): number {
    let sent = 0;
    for (const t of trades) {
      const symbol = t.symbol.toUpperCase();
      sent += this.publish(`${symbol.toLowerCase()}@trade`, {
        e: 'trade',
        E: t.eventTime,
        s: symbol,
        t: t.tradeId ?? 1,
        p: t.price,
        q: t.quantity ?? '1.00000000',
        T: t.tradeTime ?? t.eventTime,
        m: t.buyerIsMaker ?? false,
        M: true,
      });
    }
    return sent;
  }

  /** Pushes kline events to the clients on `<symbol>@kline_<interval>`; returns how many went out. */
  sendKlines(klines: readonly FakeBinanceStreamKline[]): number {
    let sent = 0;
    for (const k of klines) {
      const symbol = k.symbol.toUpperCase();
      const closeTime = k.closeTime ?? k.openTime + (INTERVAL_MS[k.interval] ?? 60_000) - 1;
      sent += this.publish(`${symbol.toLowerCase()}@kline_${k.interval}`, {
        e: 'kline',
        E: k.eventTime ?? closeTime,
        s: symbol,
        k: {
          t: k.openTime,
          T: closeTime,
          s: symbol,
          i: k.interval,
          f: 100,
          L: 200,
          o: k.open,
          c: k.close,
          h: k.high,
          l: k.low,
          v: k.volume,
          n: k.trades ?? 0,
          x: k.closed,
          q: k.quoteVolume ?? '0.00000000',
          V: '0.00000000',
          Q: '0.00000000',
          B: '0',
        },
      });
    }
    return sent;
  }

  protected check(req: IncomingMessage): WsFakeVerdict {
    const path = new URL(req.url ?? '/', 'ws://fake').pathname;
    if (path !== '/stream' && !path.startsWith('/ws')) {
      return { status: 404, reason: 'Not Found' };
    }
    return true;
  }

  protected createClient(id: number, socket: WebSocket, req: IncomingMessage): Client {
    const url = new URL(req.url ?? '/', 'ws://fake');
    const streams = new Set<string>();
    if (url.pathname === '/stream') {
      this.combined.add(socket);
      for (const s of (url.searchParams.get('streams') ?? '').split('/')) if (s) streams.add(s);
    } else {
      for (const s of url.pathname.slice('/ws'.length).split('/')) if (s) streams.add(s);
    }
    return { id, socket, streams, received: [] };
  }

  protected handleMessage(client: Client, data: RawData): void {
    this.handle(client, data.toString());
  }

  private handle(client: Client, text: string): void {
    let message: { method?: unknown; params?: unknown; id?: unknown };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      client.socket.send(JSON.stringify({ error: { code: 3, msg: 'Invalid JSON' } }));
      return;
    }
    client.received.push(message);
    const { method, params, id } = message ?? {};
    const names = Array.isArray(params) ? params.map(String) : [];
    if (method === 'SUBSCRIBE') for (const s of names) client.streams.add(s);
    else if (method === 'UNSUBSCRIBE') for (const s of names) client.streams.delete(s);
    else if (method === 'LIST_SUBSCRIPTIONS') {
      client.socket.send(JSON.stringify({ result: [...client.streams], id }));
      return;
    } else {
      client.socket.send(JSON.stringify({ error: { code: 2, msg: 'Invalid request' }, id }));
      return;
    }
    client.socket.send(JSON.stringify({ result: null, id }));
  }

  private publish(stream: string, data: unknown): number {
    let sent = 0;
    for (const client of this.clients.values()) {
      if (!client.streams.has(stream)) continue;
      client.socket.send(JSON.stringify(this.combined.has(client.socket) ? { stream, data } : data));
      sent++;
    }
    return sent;
  }
}
