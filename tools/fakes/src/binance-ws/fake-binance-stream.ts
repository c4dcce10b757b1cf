import { type AddressInfo } from 'node:net';

import { WebSocketServer, type WebSocket } from 'ws';

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
export class FakeBinanceStream {
  private readonly clients = new Map<number, Client>();
  private readonly combined = new WeakSet<WebSocket>();
  private nextId = 1;
  private refuse = 0;
  connections = 0;
  rejected = 0;

  private constructor(private readonly server: WebSocketServer) {}

  static async start(): Promise<FakeBinanceStream> {
    const server = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      verifyClient: (info, done) => {
        const verdict = fake.verify(info.req.url ?? '/');
        if (verdict === true) done(true);
        else done(false, verdict.status, verdict.reason);
      },
    });
    const fake = new FakeBinanceStream(server);
    server.on('connection', (socket, req) => fake.accept(socket, req.url ?? '/'));
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    return fake;
  }

  /** `ws://127.0.0.1:PORT`, the base a feed appends `/stream?streams=…` to. */
  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get clientCount(): number {
    return this.clients.size;
  }

  get liveClients(): readonly FakeBinanceStreamClient[] {
    return [...this.clients.values()];
  }

  /** Stream names any live client carries. */
  streams(): Set<string> {
    const all = new Set<string>();
    for (const client of this.clients.values()) for (const s of client.streams) all.add(s);
    return all;
  }

  /** Refuses the next `count` handshakes with HTTP 503. */
  refuseNextConnections(count: number): void {
    this.refuse = count;
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

  /** Sends text or bytes as they are, for malformed-frame tests. */
  sendRaw(data: Buffer | string): void {
    for (const client of this.clients.values()) {
      if (client.socket.readyState === client.socket.OPEN) client.socket.send(data);
    }
  }

  /** Kills every connection without a close handshake, as a network drop would. */
  dropConnections(): void {
    for (const client of this.clients.values()) client.socket.terminate();
    this.clients.clear();
  }

  async waitUntil(predicate: (fake: this) => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this)) {
      if (Date.now() > deadline) throw new Error(`fake binance stream: condition not met in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  async close(): Promise<void> {
    for (const client of this.clients.values()) client.socket.terminate();
    this.clients.clear();
    await new Promise<void>((resolve, reject) => this.server.close((err) => (err ? reject(err) : resolve())));
  }

  private verify(url: string): true | { status: number; reason: string } {
    if (this.refuse > 0) {
      this.refuse--;
      this.rejected++;
      return { status: 503, reason: 'Service Unavailable' };
    }
    const path = new URL(url, 'ws://fake').pathname;
    if (path !== '/stream' && !path.startsWith('/ws')) {
      this.rejected++;
      return { status: 404, reason: 'Not Found' };
    }
    return true;
  }

  private accept(socket: WebSocket, rawUrl: string): void {
    const url = new URL(rawUrl, 'ws://fake');
    const streams = new Set<string>();
    if (url.pathname === '/stream') {
      this.combined.add(socket);
      for (const s of (url.searchParams.get('streams') ?? '').split('/')) if (s) streams.add(s);
    } else {
      for (const s of url.pathname.slice('/ws'.length).split('/')) if (s) streams.add(s);
    }
    const client: Client = { id: this.nextId++, socket, streams, received: [] };
    this.connections++;
    this.clients.set(client.id, client);
    socket.on('close', () => this.clients.delete(client.id));
    socket.on('error', () => this.clients.delete(client.id));
    socket.on('message', (data) => this.handle(client, data.toString()));
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
