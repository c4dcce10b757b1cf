import { type AddressInfo } from 'node:net';

import { WebSocketServer, type WebSocket } from 'ws';

import {
  KITE_HEARTBEAT,
  encodeKiteMessage,
  encodeKitePacket,
  type FakeKiteTick,
  type KiteTickerMode,
} from './kite-ticker-encoder';

export interface FakeKiteTickerOptions {
  readonly apiKey?: string;
  readonly accessToken?: string;
  /** Heartbeat period; Kite clients drop the line after 5 s of silence, so keep it ≤ 2 s. */
  readonly heartbeatMs?: number;
}

/** One client connection as the fake sees it: its subscriptions and the JSON it sent. */
export interface FakeKiteClient {
  readonly id: number;
  readonly modes: Map<number, KiteTickerMode>;
  readonly received: unknown[];
}

interface Client extends FakeKiteClient {
  readonly socket: WebSocket;
}

/** Kite subscribes new tokens in quote mode until a mode message says otherwise. */
const DEFAULT_MODE: KiteTickerMode = 'quote';

/**
 * A local stand-in for `wss://ws.kite.trade`: query-string auth, subscribe/unsubscribe/mode JSON,
 * 1-byte heartbeats, real binary frames for scripted ticks, order text frames, and a switch to drop
 * every connection mid-session. Binds 127.0.0.1 on a free port.
 */
export class FakeKiteTicker {
  private readonly clients = new Map<number, Client>();
  private heartbeat: NodeJS.Timeout | undefined;
  private nextId = 1;
  private refuse = 0;
  /** Handshakes accepted since start. */
  connections = 0;
  /** Handshakes refused (bad credentials or `refuseNextConnections`). */
  rejected = 0;

  private constructor(
    private readonly server: WebSocketServer,
    readonly apiKey: string,
    readonly accessToken: string,
  ) {}

  static async start(options: FakeKiteTickerOptions = {}): Promise<FakeKiteTicker> {
    const apiKey = options.apiKey ?? 'fake_api_key';
    const accessToken = options.accessToken ?? 'fake_access_token';
    const server = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      verifyClient: (info, done) => {
        const verdict = fake.verify(info.req.url ?? '/');
        if (verdict === true) done(true);
        else done(false, verdict.status, verdict.reason);
      },
    });
    // verifyClient only runs on a handshake, after `fake` exists.
    const fake = new FakeKiteTicker(server, apiKey, accessToken);
    server.on('connection', (socket) => fake.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    fake.heartbeat = setInterval(() => fake.broadcast(KITE_HEARTBEAT), options.heartbeatMs ?? 1000);
    return fake;
  }

  /** `ws://127.0.0.1:PORT/`, the form KiteTicker's `root` option takes. */
  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /** The live clients, oldest first. */
  get liveClients(): readonly FakeKiteClient[] {
    return [...this.clients.values()];
  }

  /** Tokens any live client has subscribed, with its mode. */
  subscriptions(): Map<number, KiteTickerMode> {
    const all = new Map<number, KiteTickerMode>();
    for (const client of this.clients.values()) for (const [t, m] of client.modes) all.set(t, m);
    return all;
  }

  /** Refuses the next `count` handshakes with HTTP 503, as during a Kite outage. */
  refuseNextConnections(count: number): void {
    this.refuse = count;
  }

  /**
   * Sends the ticks to every client subscribed to them, each in the client's mode for the token,
   * in one binary message per client. Returns how many ticks went out.
   */
  sendTicks(ticks: readonly FakeKiteTick[]): number {
    let sent = 0;
    for (const client of this.clients.values()) {
      const packets: Buffer[] = [];
      for (const tick of ticks) {
        const mode = client.modes.get(tick.token);
        if (mode) packets.push(encodeKitePacket(tick, mode));
      }
      if (packets.length === 0) continue;
      client.socket.send(encodeKiteMessage(packets));
      sent += packets.length;
    }
    return sent;
  }

  /** Sends bytes as they are, for malformed-frame tests. */
  sendRaw(data: Buffer | string): void {
    this.broadcast(data);
  }

  /** `{"type":"order","data":…}`, the postback copy Kite pushes on the ticker. */
  sendOrderUpdate(data: Record<string, unknown>): void {
    this.broadcast(JSON.stringify({ type: 'order', data }));
  }

  sendError(message: string): void {
    this.broadcast(JSON.stringify({ type: 'error', data: message }));
  }

  /** Kills every connection without a close handshake, as a network drop would. */
  dropConnections(): void {
    for (const client of this.clients.values()) client.socket.terminate();
    this.clients.clear();
  }

  /** Resolves once `predicate` holds, polling every 5 ms; rejects after `timeoutMs`. */
  async waitUntil(predicate: (fake: this) => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this)) {
      if (Date.now() > deadline) throw new Error(`fake kite ticker: condition not met in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    for (const client of this.clients.values()) client.socket.terminate();
    this.clients.clear();
    await new Promise<void>((resolve, reject) => this.server.close((err) => (err ? reject(err) : resolve())));
  }

  private verify(url: string): true | { status: number; reason: string } {
    const query = new URL(url, 'ws://fake').searchParams;
    if (this.refuse > 0) {
      this.refuse--;
      this.rejected++;
      return { status: 503, reason: 'Service Unavailable' };
    }
    if (query.get('api_key') !== this.apiKey || query.get('access_token') !== this.accessToken) {
      this.rejected++;
      return { status: 403, reason: 'TokenException' };
    }
    return true;
  }

  private accept(socket: WebSocket): void {
    const client: Client = { id: this.nextId++, socket, modes: new Map(), received: [] };
    this.connections++;
    this.clients.set(client.id, client);
    socket.on('close', () => this.clients.delete(client.id));
    socket.on('error', () => this.clients.delete(client.id));
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      this.handle(client, data.toString());
    });
  }

  private handle(client: Client, text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      client.socket.send(JSON.stringify({ type: 'error', data: 'invalid message' }));
      return;
    }
    client.received.push(message);
    const { a, v } = (message ?? {}) as { a?: unknown; v?: unknown };
    if (a === 'subscribe' && Array.isArray(v)) {
      for (const token of v)
        if (!client.modes.has(Number(token))) client.modes.set(Number(token), DEFAULT_MODE);
    } else if (a === 'unsubscribe' && Array.isArray(v)) {
      for (const token of v) client.modes.delete(Number(token));
    } else if (a === 'mode' && Array.isArray(v) && Array.isArray(v[1]) && isMode(v[0])) {
      for (const token of v[1] as unknown[]) {
        if (client.modes.has(Number(token))) client.modes.set(Number(token), v[0]);
      }
    } else {
      client.socket.send(JSON.stringify({ type: 'error', data: 'unknown action' }));
    }
  }

  private broadcast(data: Buffer | string): void {
    for (const client of this.clients.values()) {
      if (client.socket.readyState === client.socket.OPEN) client.socket.send(data);
    }
  }
}

function isMode(value: unknown): value is KiteTickerMode {
  return value === 'ltp' || value === 'quote' || value === 'full';
}
