import { type IncomingMessage } from 'node:http';

import { type RawData, type WebSocket, type WebSocketServer } from 'ws';

import { encodeSmartPacket, type FakeSmartTick, type SmartApiMode } from './smartapi-encoder';
import { WsFakeServer, type WsFakeVerdict } from '../ws-fake-server';

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
export class FakeSmartApiWs extends WsFakeServer<FakeSmartApiWsClient> {
  /** Text `ping`s received. */
  pings = 0;

  private constructor(
    server: WebSocketServer,
    readonly credentials: Required<FakeSmartApiWsOptions>,
  ) {
    // Angel answers 429 past its connection limit.
    super(server, 'fake smartapi ws', { status: 429, reason: 'Too Many Requests' });
  }

  static async start(options: FakeSmartApiWsOptions = {}): Promise<FakeSmartApiWs> {
    const credentials = {
      jwtToken: options.jwtToken ?? 'fake_jwt',
      apiKey: options.apiKey ?? 'fake_api_key',
      clientCode: options.clientCode ?? 'FAKE01',
      feedToken: options.feedToken ?? 'fake_feed_token',
    };
    return WsFakeServer.listen((server) => new FakeSmartApiWs(server, credentials));
  }

  /** `ws://127.0.0.1:PORT/smart-stream`. */
  get url(): string {
    return `ws://127.0.0.1:${this.port}/smart-stream`;
  }

  /** `exchangeType:token` → mode, over every live client. */
  subscriptions(): Map<string, SmartApiMode> {
    const all = new Map<string, SmartApiMode>();
    for (const client of this.clients.values()) for (const [k, m] of client.modes) all.set(k, m);
    return all;
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

  protected check(req: IncomingMessage): WsFakeVerdict {
    const auth = String(req.headers['authorization'] ?? '').replace(/^Bearer /, '');
    const c = this.credentials;
    if (
      auth !== c.jwtToken ||
      req.headers['x-api-key'] !== c.apiKey ||
      req.headers['x-client-code'] !== c.clientCode ||
      req.headers['x-feed-token'] !== c.feedToken
    ) {
      return { status: 401, reason: 'Unauthorized' };
    }
    return true;
  }

  protected createClient(id: number, socket: WebSocket): Client {
    return { id, socket, modes: new Map(), received: [] };
  }

  protected handleMessage(client: Client, data: RawData, isBinary: boolean): void {
    if (isBinary) return;
    this.handle(client, data.toString());
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
