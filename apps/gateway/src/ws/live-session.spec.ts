import { type Principal } from '../auth/principal';
import { type LiveEvent } from './live-feed';
import { CLOSE, LiveSession, type SocketLike } from './live-session';

class RecordingSocket implements SocketLike {
  bufferedAmount = 0;
  readyState = 1;
  readonly sent: string[] = [];
  closedWith?: { code: number; reason: string };
  send(data: string): void {
    this.sent.push(data);
  }
  close(code: number, reason: string): void {
    this.closedWith = { code, reason };
    this.readyState = 3;
  }
  messages(): Array<Record<string, unknown>> {
    return this.sent.map((frame) => JSON.parse(frame) as Record<string, unknown>);
  }
}

const operator: Principal = { kind: 'user', actor: 'admin' };
const authenticate = async (token: string) => (token === 'good' ? operator : null);
const event = (channel: string): [LiveEvent, string] => {
  const e: LiveEvent = {
    channel,
    messageType: 'order.event',
    ts: '2026-12-02T04:00:00.000Z',
    data: { n: 1 },
  };
  return [e, JSON.stringify({ type: 'event', ...e })];
};

describe('a live WebSocket session', () => {
  it('closes 1008 on a bad query token', async () => {
    const socket = new RecordingSocket();
    const session = new LiveSession(socket, { maxBufferedBytes: 1000, authenticate });
    expect(await session.authenticateWith('bad')).toBe(false);
    expect(socket.closedWith).toEqual({ code: CLOSE.BAD_TOKEN, reason: 'invalid token' });
  });

  it('accepts the token as its first message, and closes 1008 when anything else comes first', async () => {
    const socket = new RecordingSocket();
    const session = new LiveSession(socket, { maxBufferedBytes: 1000, authenticate });
    await session.receive(JSON.stringify({ type: 'auth', token: 'good' }));
    expect(socket.messages()).toEqual([{ type: 'welcome', actor: 'admin' }]);

    const other = new RecordingSocket();
    await new LiveSession(other, { maxBufferedBytes: 1000, authenticate }).receive(
      JSON.stringify({ type: 'ping' }),
    );
    expect(other.closedWith?.code).toBe(CLOSE.BAD_TOKEN);
  });

  it('closes 1008 when the access token that opened it expires', async () => {
    const socket = new RecordingSocket();
    const timers: Array<{ run: () => void; afterMs: number }> = [];
    const session = new LiveSession(socket, {
      maxBufferedBytes: 1000,
      authenticate: async () => ({ ...operator, expiresAtMs: 1_900_000 }),
      now: () => 1_000_000,
      schedule: (run, afterMs) => timers.push({ run, afterMs }),
    });
    await session.authenticateWith('good');
    expect(timers.map((t) => t.afterMs)).toEqual([900_000]);
    expect(socket.closedWith).toBeUndefined();
    timers[0]!.run();
    expect(socket.closedWith).toEqual({ code: CLOSE.BAD_TOKEN, reason: 'token expired' });
  });

  it('keeps a socket opened with an API key (no expiry) open', async () => {
    const socket = new RecordingSocket();
    const timers: unknown[] = [];
    const session = new LiveSession(socket, {
      maxBufferedBytes: 1000,
      authenticate: async () => ({ kind: 'api-key', actor: 'api-key:0123456789abcdef' }),
      schedule: (run) => timers.push(run),
    });
    await session.authenticateWith('dk_x');
    expect(timers).toEqual([]);
  });

  it('closes 1008 when the first-message window passes without authentication', () => {
    const socket = new RecordingSocket();
    new LiveSession(socket, { maxBufferedBytes: 1000, authenticate }).authenticationTimedOut();
    expect(socket.closedWith?.code).toBe(CLOSE.BAD_TOKEN);
  });

  it('pushes only subscribed channels, and answers a bad channel name with an error naming it', async () => {
    const socket = new RecordingSocket();
    const session = new LiveSession(socket, { maxBufferedBytes: 10_000, authenticate });
    await session.authenticateWith('good');
    await session.receive(JSON.stringify({ type: 'subscribe', channels: ['orders', 'ticks:NSE:NIFTY 50'] }));
    await session.receive(JSON.stringify({ type: 'subscribe', channels: ['weather'] }));
    session.deliver(...event('orders'));
    session.deliver(...event('positions'));
    await session.receive(JSON.stringify({ type: 'unsubscribe', channels: ['orders'] }));
    session.deliver(...event('orders'));
    const types = socket.messages().map((m) => [m['type'], m['channel'] ?? m['channels'] ?? m['message']]);
    expect(types).toEqual([
      ['welcome', undefined],
      ['subscribed', ['orders', 'ticks:NSE:NIFTY 50']],
      ['error', expect.stringContaining('channels.0')],
      ['event', 'orders'],
      ['subscribed', ['ticks:NSE:NIFTY 50']],
    ]);
    expect(socket.closedWith).toBeUndefined();
  });

  it('drops a client that cannot keep up with close 1013 instead of queueing for it', async () => {
    const socket = new RecordingSocket();
    const session = new LiveSession(socket, { maxBufferedBytes: 500, authenticate });
    await session.authenticateWith('good');
    await session.receive(JSON.stringify({ type: 'subscribe', channels: ['orders'] }));
    const sentBefore = socket.sent.length;
    socket.bufferedAmount = 450; // the kernel and ws buffers are full of what it has not read
    session.deliver(...event('orders'));
    expect(socket.closedWith).toEqual({ code: CLOSE.TOO_SLOW, reason: 'client too slow: frames dropped' });
    session.deliver(...event('orders'));
    expect(socket.sent.length).toBe(sentBefore);
  });
});
