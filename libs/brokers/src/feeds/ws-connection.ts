import WebSocket from 'ws';

import { DEFAULT_BACKOFF, backoffDelay, type BackoffPolicy } from './backoff';
import { FeedError } from './feed-error';
import { type FeedListeners } from './feed-listeners';

export type WsConnectionState = 'idle' | 'connecting' | 'open' | 'waiting' | 'closing' | 'closed';

export interface WsConnectionOptions {
  /** Names the feed in errors: `"<name> feed is closed"`. */
  readonly name: string;
  /** Prefixes a failed first attempt: `"<failurePrefix>: <reason>"`. */
  readonly failurePrefix: string;
  /** Where `connected`, `disconnected`, `reconnecting`, `reconnected` and `closed` go. */
  readonly listeners: FeedListeners;
  readonly backoff?: Partial<BackoffPolicy>;
  readonly random?: () => number;
  /** An attempt that neither opens nor fails in this time is abandoned and retried. */
  readonly connectTimeoutMs?: number;
  /** Builds the socket for one attempt. */
  readonly createSocket: () => WebSocket;
  /** The socket opened (resubscribe, start timers); runs before the status events. */
  readonly onOpen: (socket: WebSocket) => void;
  /** A frame on the current, open socket. */
  readonly onMessage: (data: WebSocket.RawData, isBinary: boolean) => void;
  /** How many subscriptions a reconnect restored, for the `reconnected` status. */
  readonly resubscribed: () => number;
  /** The socket is gone (dropped or closed): stop whatever `onOpen` started. */
  readonly onSocketEnd?: () => void;
}

/**
 * One feed's WebSocket lifecycle: connect with a per-attempt timeout, a `connect()` promise that
 * rejects if the first attempt fails, a reconnect loop with backoff and jitter once the socket has
 * opened, every reconnect counted and reported, and an orderly close (close, then terminate after
 * 2 s). The feed supplies the socket, what to do on open and what to do with each frame.
 */
export class WsConnection {
  private readonly policy: BackoffPolicy;
  private readonly random: () => number;
  private current: WebSocket | undefined;
  private status: WsConnectionState = 'idle';
  private everOpened = false;
  private attempt = 0;
  private lastError = '';
  private reconnectCount = 0;
  private attemptCount = 0;
  private timer: NodeJS.Timeout | undefined;
  private attemptTimer: NodeJS.Timeout | undefined;
  private pendingOpen: { resolve: () => void; reject: (err: Error) => void } | undefined;

  constructor(private readonly options: WsConnectionOptions) {
    this.policy = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.random = options.random ?? Math.random;
  }

  get state(): WsConnectionState {
    return this.status;
  }

  /** The socket of the current attempt, if any. */
  get socket(): WebSocket | undefined {
    return this.current;
  }

  get reconnects(): number {
    return this.reconnectCount;
  }

  get reconnectAttempts(): number {
    return this.attemptCount;
  }

  /** Opens the socket; rejects if the first attempt fails (bad credentials should not spin forever). */
  connect(): Promise<void> {
    if (this.status !== 'idle') {
      return Promise.reject(new FeedError('CLOSED', `${this.options.name} feed is ${this.status}`));
    }
    return new Promise<void>((resolve, reject) => {
      this.pendingOpen = { resolve, reject };
      this.open();
    });
  }

  /** Drops `socket` with `reason` as the cause the next status events report. */
  abort(socket: WebSocket, reason: string): void {
    this.lastError = reason;
    socket.terminate();
  }

  async close(): Promise<void> {
    if (this.status === 'closed' || this.status === 'idle') {
      this.status = 'closed';
      return;
    }
    this.status = 'closing';
    clearTimeout(this.timer);
    clearTimeout(this.attemptTimer);
    this.options.onSocketEnd?.();
    this.pendingOpen?.reject(new FeedError('CLOSED', `${this.options.name} feed closed before it connected`));
    this.pendingOpen = undefined;
    const socket = this.current;
    this.current = undefined;
    if (socket && socket.readyState !== WebSocket.CLOSED) {
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
      else socket.close(1000);
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
      socket.terminate();
    }
    this.status = 'closed';
    this.options.listeners.status({ kind: 'closed' });
  }

  private open(): void {
    this.status = 'connecting';
    const timeout = this.options.connectTimeoutMs ?? 10_000;
    const socket = this.options.createSocket();
    this.current = socket;
    this.attemptTimer = setTimeout(() => this.abort(socket, `no answer in ${timeout} ms`), timeout);
    socket.on('open', () => this.handleOpen(socket));
    socket.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      if (socket === this.current && this.status === 'open') this.options.onMessage(data, isBinary);
    });
    socket.on('error', (error: Error) => {
      if (socket === this.current) this.lastError = error?.message ?? String(error);
    });
    socket.on('close', () => this.handleClose(socket));
  }

  private handleOpen(socket: WebSocket): void {
    if (socket !== this.current || this.status !== 'connecting') return;
    clearTimeout(this.attemptTimer);
    this.status = 'open';
    const reconnect = this.everOpened;
    this.everOpened = true;
    this.attempt = 0;
    this.options.onOpen(socket);
    const listeners = this.options.listeners;
    if (reconnect) {
      this.reconnectCount++;
      listeners.status({
        kind: 'reconnected',
        reconnects: this.reconnectCount,
        resubscribed: this.options.resubscribed(),
      });
    }
    listeners.status({ kind: 'connected', reconnects: this.reconnectCount });
    this.pendingOpen?.resolve();
    this.pendingOpen = undefined;
  }

  private handleClose(socket: WebSocket): void {
    if (socket !== this.current) return;
    if (this.status !== 'open' && this.status !== 'connecting') return;
    clearTimeout(this.attemptTimer);
    this.options.onSocketEnd?.();
    const wasOpen = this.status === 'open';
    const reason = this.lastError || 'socket closed';
    this.lastError = '';
    if (!this.everOpened) {
      this.status = 'closed';
      this.current = undefined;
      this.pendingOpen?.reject(new FeedError('CONNECT_FAILED', `${this.options.failurePrefix}: ${reason}`));
      this.pendingOpen = undefined;
      return;
    }
    if (wasOpen) this.options.listeners.status({ kind: 'disconnected', reason });
    this.scheduleReconnect(reason);
  }

  private scheduleReconnect(reason: string): void {
    this.status = 'waiting';
    this.attempt++;
    this.attemptCount++;
    const delayMs = backoffDelay(this.attempt, this.policy, this.random);
    this.options.listeners.status({ kind: 'reconnecting', attempt: this.attempt, delayMs, reason });
    this.timer = setTimeout(() => {
      if (this.status === 'waiting') this.open();
    }, delayMs);
  }
}
