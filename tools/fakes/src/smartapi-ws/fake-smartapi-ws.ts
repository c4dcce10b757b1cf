import { type IncomingMessage } from 'node:http';
import { type AddressInfo } from 'node:net';

import { WebSocketServer, type WebSocket } from 'ws';

import { encodeSmartPacket, type FakeSmartTick, type SmartApiMode } from './smartapi-encoder';

export interface FakeSmartApiWsOptions {
  readonly jwtToken?: string;
  readonly apiKey?: string;
  readonly clientCode?: string;
  readonly feedToken?: string;
}

/** One client connection as the fake sees it: `exchangeType:token` → mode, and the JSON it sent. */
export interface FakeSmartApiWsClient {
  readonly id: number;
  readonly modes: Map<string, SmartApiMode>;
  readonly received: unknown[];
}

interface Client extends FakeSmartApiWsClient {
  readonly socket: WebSocket;
}

/**
 * A local stand-in for `wss://smartapisocket.angelone.in/smart-stream` (brokers.md §3.2): the four
 * auth headers checked on the handshake (401 otherwise), text `ping` answered with `pong`,
 * subscribe/unsubscribe JSON (action 1/0, modes 1–3), binary little-endian packets for subscribed
 * tokens on command, and a switch to drop every connection. Binds 127.0.0.1 on a free port.
 */
export class FakeSmartApiWs {
  private readonly clients = new Map<number, Client>();
  private nextId = 1;
  private refuse = 0;
  /** Handshakes accepted since start. */
  connections = 0;
  /** Handshakes refused (bad headers or `refuseNextConnections`). */
  rejected = 0;
  /** Text `ping`s received. */
  pings = 0;

  private constructor(
    private readonly server: WebSocketServer,
    readonly credentials: Required<FakeSmartApiWsOptions>,
  ) {}

  static async start(options: FakeSmartApiWsOptions = {}): Promise<FakeSmartApiWs> {
    const credentials = {
      jwtToken: options.jwtToken ?? 'fake_jwt',
      apiKey: options.apiKey ?? 'fake_api_key',
      clientCode: options.clientCode ?? 'FAKE01',
      feedToken: options.feedToken ?? 'fake_feed_token',
    };
    const server = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      verifyClient: (info, done) => {
        const verdict = fake.verify(info.req);
        if (verdict === true) done(true);
        else done(false, verdict.status, verdict.reason);
      },
    });
    // verifyClient only runs on a handshake, after `fake` exists.
    const fake = new FakeSmartApiWs(server, credentials);
    server.on('connection', (socket) => fake.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    return fake;
  }

  /** `ws://127.0.0.1:PORT/smart-stream`. */
  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/smart-stream`;
  }

  get clientCount(): number {
    return this.clients.size;
  }

  get liveClients(): readonly FakeSmartApiWsClient[] {
    return [...this.clients.values()];
  }

  /** `exchangeType:token` → mode, over every live client. */
  subscriptions(): Map<string, SmartApiMode> {
    const all = new Map<string, SmartApiMode>();
    for (const client of this.clients.values()) for (const [k, m] of client.modes) all.set(k, m);
    return all;
  }

  /** Refuses the next `count` handshakes with HTTP 429, as Angel does past its connection limit. */
  refuseNextConnections(count: number): void {
    this.refuse = count;
  }

  /**
   * Sends each tick, one binary frame per packet, to every client subscribed to its token, in the
   * client's mode for it. Returns how many frames went out.
   */
  sendTicks(ticks: readonly FakeSmartTick[]): number {
    let sent = 0;
    for (const client of this.clients.values()) {
      for (const tick of ticks) {
        const mode = client.modes.get(`${tick.exchangeType}:${tick.token}`);
        if (!mode) continue;
        client.socket.send(encodeSmartPacket(tick, mode));
        sent++;
      }
    }
    return sent;
  }

  /** Sends bytes (binary) or text as they are, for malformed-frame tests. */
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

  /** Resolves once `predicate` holds, polling every 5 ms; rejects after `timeoutMs`. */
  async waitUntil(predicate: (fake: this) => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this)) {
      if (Date.now() > deadline) throw new Error(`fake smartapi ws: condition not met in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  async close(): Promise<void> {
    for (const client of this.clients.values()) client.socket.terminate();
    this.clients.clear();
    await new Promise<void>((resolve, reject) => this.server.close((err) => (err ? reject(err) : resolve())));
  }

  private verify(req: IncomingMessage): true | { status: number; reason: string } {
    if (this.refuse > 0) {
      this.refuse--;
      this.rejected++;
      return { status: 429, reason: 'Too Many Requests' };
    }
    const auth = String(req.headers['authorization'] ?? '').replace(/^Bearer /, '');
    const c = this.credentials;
    if (
      auth !== c.jwtToken ||
      req.headers['x-api-key'] !== c.apiKey ||
      req.headers['x-client-code'] !== c.clientCode ||
      req.headers['x-feed-token'] !== c.feedToken
    ) {
      this.rejected++;
      return { status: 401, reason: 'Unauthorized' };
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
    if (text === 'ping') {
      this.pings++;
      client.socket.send('pong');
      return;
    }
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      client.socket.send(JSON.stringify({ errorCode: 'E1002', errorMessage: 'Invalid Request Payload.' }));
      return;
    }
    client.received.push(message);
    const { action, params } = (message ?? {}) as {
      action?: unknown;
      params?: { mode?: unknown; tokenList?: unknown };
    };
    const mode = params?.mode;
    const list = params?.tokenList;
    if ((action !== 0 && action !== 1) || !isMode(mode) || !Array.isArray(list)) {
      client.socket.send(JSON.stringify({ errorCode: 'E1002', errorMessage: 'Invalid Request Payload.' }));
      return;
    }
    for (const entry of list as { exchangeType?: unknown; tokens?: unknown }[]) {
      if (typeof entry?.exchangeType !== 'number' || !Array.isArray(entry.tokens)) continue;
      for (const token of entry.tokens) {
        const key = `${entry.exchangeType}:${String(token)}`;
        if (action === 1) client.modes.set(key, mode);
        else if (client.modes.get(key) === mode) client.modes.delete(key);
      }
    }
  }
}

function isMode(value: unknown): value is SmartApiMode {
  return value === 1 || value === 2 || value === 3;
}
