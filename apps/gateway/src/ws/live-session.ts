import { z } from 'zod';

import { type Principal } from '../auth/principal';
import { BOOK_CHANNELS, type LiveEvent } from './live-feed';

/** What the session needs of a WebSocket (the `ws` library's, or a test's). */
export interface SocketLike {
  readonly bufferedAmount: number;
  readonly readyState: number;
  send(data: string): void;
  close(code: number, reason: string): void;
}

/** Close codes: 1008 policy (bad or missing token), 1013 try again later (too slow), 1003 unsupported. */
export const CLOSE = { BAD_TOKEN: 1008, TOO_SLOW: 1013, UNSUPPORTED: 1003 } as const;
const OPEN = 1;

const channel = z
  .string()
  .max(96)
  .refine(
    (name) => (BOOK_CHANNELS as readonly string[]).includes(name) || /^(ticks|bars):[A-Z]+:.+$/.test(name),
    {
      message: `must be one of ${BOOK_CHANNELS.join(', ')}, ticks:<EXCHANGE>:<instrument> or bars:<EXCHANGE>:<instrument>:<timeframe>`,
    },
  );

export const clientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auth'), token: z.string().min(1).max(4096) }),
  z.object({ type: z.literal('subscribe'), channels: z.array(channel).min(1).max(200) }),
  z.object({ type: z.literal('unsubscribe'), channels: z.array(channel).min(1).max(200) }),
  z.object({ type: z.literal('ping') }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

export interface SessionOptions {
  /** Frames the client has not yet taken, in bytes, beyond which it is dropped. */
  maxBufferedBytes: number;
  authenticate(token: string): Promise<Principal | null>;
  /** Epoch ms; the session ends (1008) when its access token expires, as a REST call would be refused. */
  now?: () => number;
  schedule?: (run: () => void, afterMs: number) => void;
}

/**
 * One WebSocket client: authenticates (token in the query, or in the first message), keeps its
 * subscriptions, and receives only what it subscribed to. A client that cannot keep up is closed with
 * 1013 rather than allowed to grow the server's memory: events are never queued for it here.
 */
export class LiveSession {
  private principal: Principal | null = null;
  private readonly channels = new Set<string>();
  private closed = false;

  constructor(
    private readonly socket: SocketLike,
    private readonly options: SessionOptions,
  ) {}

  get actor(): string | null {
    return this.principal?.actor ?? null;
  }

  get subscriptions(): ReadonlySet<string> {
    return this.channels;
  }

  /** Authenticates with a token from the connection's query; closes 1008 when it is not valid. */
  async authenticateWith(token: string): Promise<boolean> {
    const principal = await this.options.authenticate(token);
    if (!principal) {
      this.close(CLOSE.BAD_TOKEN, 'invalid token');
      return false;
    }
    this.principal = principal;
    this.reply({ type: 'welcome', actor: principal.actor });
    if (principal.expiresAtMs !== undefined) {
      const now = this.options.now?.() ?? Date.now();
      const schedule = this.options.schedule ?? ((run, afterMs) => setTimeout(run, afterMs).unref());
      // The client reconnects with its refreshed token; a socket never outlives the token that opened it.
      schedule(() => this.close(CLOSE.BAD_TOKEN, 'token expired'), Math.max(0, principal.expiresAtMs - now));
    }
    return true;
  }

  /** Called when the client's first-message window passes without a valid auth message. */
  authenticationTimedOut(): void {
    if (!this.principal) this.close(CLOSE.BAD_TOKEN, 'authentication required');
  }

  async receive(raw: string): Promise<void> {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return this.refuse('not JSON');
    }
    const parsed = clientMessageSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return this.refuse(`${issue?.path.join('.') || 'type'}: ${issue?.message ?? 'invalid message'}`);
    }
    const message = parsed.data;
    if (!this.principal) {
      // Before authentication only an auth message is understood; anything else ends the connection.
      if (message.type !== 'auth') return this.close(CLOSE.BAD_TOKEN, 'authentication required');
      await this.authenticateWith(message.token);
      return;
    }
    switch (message.type) {
      case 'auth':
        return this.refuse('already authenticated');
      case 'subscribe':
        for (const name of message.channels) this.channels.add(name);
        return this.reply({ type: 'subscribed', channels: [...this.channels].sort() });
      case 'unsubscribe':
        for (const name of message.channels) this.channels.delete(name);
        return this.reply({ type: 'subscribed', channels: [...this.channels].sort() });
      case 'ping':
        return this.reply({ type: 'pong' });
    }
  }

  /** Sends an event frame (serialised once for all sessions) if this client subscribed to its channel. */
  deliver(event: LiveEvent, frame: string): void {
    if (!this.principal || this.closed || !this.channels.has(event.channel)) return;
    if (this.socket.bufferedAmount + frame.length > this.options.maxBufferedBytes) {
      this.close(CLOSE.TOO_SLOW, 'client too slow: frames dropped');
      return;
    }
    if (this.socket.readyState === OPEN) this.socket.send(frame);
  }

  private refuse(message: string): void {
    this.reply({ type: 'error', message });
  }

  private reply(message: Record<string, unknown>): void {
    if (!this.closed && this.socket.readyState === OPEN) this.socket.send(JSON.stringify(message));
  }

  private close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close(code, reason);
  }
}
