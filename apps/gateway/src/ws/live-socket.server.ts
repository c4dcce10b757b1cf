import { type IncomingMessage } from 'node:http';
import { type Duplex } from 'node:stream';

import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { type WebSocket, WebSocketServer } from 'ws';

import { ApiKeysService } from '../auth/api-keys.service';
import { AuthService } from '../auth/auth.service';
import { type GatewayConfig } from '../config';
import { GATEWAY_CLOCK, GATEWAY_CONFIG, type GatewayClock } from '../gateway.tokens';
import { API_PREFIX } from '../http/api-controller.decorator';
import { LiveFeed } from './live-feed';
import { LiveSession } from './live-session';

export const WS_PATH = `/${API_PREFIX}/ws`;
/** How long a client without a query token has to send its auth message. */
const AUTH_WINDOW_MS = 5_000;
const HEARTBEAT_MS = 30_000;
/** Client messages are small commands; anything larger is not ours. */
const MAX_CLIENT_MESSAGE_BYTES = 16 * 1024;

/**
 * /api/v1/ws on the gateway's HTTP server (the `ws` library, no framework gateway): authenticates like
 * the REST API, and fans the bus events of LiveFeed out to the sessions that subscribed. Dead peers are
 * found by ping/pong and terminated.
 */
@Injectable()
export class LiveSocketServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('LiveSocket');
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE_BYTES });
  private readonly sessions = new Map<WebSocket, LiveSession>();
  private stopListening?: () => void;
  private heartbeat?: NodeJS.Timeout;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly feed: LiveFeed,
    private readonly auth: AuthService,
    private readonly apiKeys: ApiKeysService,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(GATEWAY_CLOCK) private readonly clock: GatewayClock,
  ) {}

  get clientCount(): number {
    return this.sessions.size;
  }

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter.getHttpServer() as import('node:http').Server;
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.upgrade(request, socket, head),
    );
    this.stopListening = this.feed.listen((event, frame) => {
      for (const session of this.sessions.values()) session.deliver(event, frame);
    });
    const alive = new WeakSet<WebSocket>();
    this.heartbeat = setInterval(() => {
      for (const socket of this.sessions.keys()) {
        if (!alive.has(socket)) {
          socket.terminate();
          continue;
        }
        alive.delete(socket);
        socket.ping();
      }
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
    this.wss.on('connection', (socket: WebSocket, request: IncomingMessage) => {
      alive.add(socket);
      socket.on('pong', () => alive.add(socket));
      this.connected(socket, request);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopListening?.();
    clearInterval(this.heartbeat);
    for (const socket of this.sessions.keys()) socket.close(1001, 'server shutting down');
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = new URL(request.url ?? '/', 'http://gateway').pathname;
    if (path !== WS_PATH) {
      socket.destroy();
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.wss.emit('connection', ws, request));
  }

  private connected(socket: WebSocket, request: IncomingMessage): void {
    const session = new LiveSession(socket, {
      maxBufferedBytes: this.config.WS_MAX_BUFFERED_BYTES,
      // Token expiry is judged by the clock that issued the token.
      now: () => this.clock().getTime(),
      authenticate: async (token) =>
        token.startsWith('dk_') ? this.apiKeys.principalOf(token) : this.auth.principalOf(token),
    });
    this.sessions.set(socket, session);
    socket.on('close', () => this.sessions.delete(socket));
    socket.on('error', (err) => this.logger.warn(`socket error: ${err.message}`));
    socket.on('message', (data, isBinary) => {
      if (isBinary) {
        socket.close(1003, 'text frames only');
        return;
      }
      session.receive(data.toString()).catch((err: unknown) => {
        this.logger.error(`socket message failed: ${err instanceof Error ? err.message : String(err)}`);
        socket.close(1011, 'internal error');
      });
    });
    const token = new URL(request.url ?? '/', 'http://gateway').searchParams.get('token');
    if (token) {
      session.authenticateWith(token).catch((err: unknown) => {
        this.logger.error(`socket auth failed: ${err instanceof Error ? err.message : String(err)}`);
        socket.close(1011, 'internal error');
      });
    } else {
      setTimeout(() => session.authenticationTimedOut(), AUTH_WINDOW_MS).unref();
    }
  }
}
