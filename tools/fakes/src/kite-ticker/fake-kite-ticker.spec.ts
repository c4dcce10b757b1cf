import { WebSocket } from 'ws';

import { FakeKiteTicker } from './fake-kite-ticker';

function open(url: string): Promise<{ socket: WebSocket; frames: Array<Buffer | string> }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const frames: Array<Buffer | string> = [];
    socket.on('message', (data, isBinary) => frames.push(isBinary ? (data as Buffer) : data.toString()));
    socket.once('open', () => resolve({ socket, frames }));
    socket.once('error', reject);
  });
}

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('FakeKiteTicker', () => {
  let fake: FakeKiteTicker;
  const auth = () => `${fake.url}?api_key=k&access_token=t`;

  beforeEach(async () => {
    fake = await FakeKiteTicker.start({ apiKey: 'k', accessToken: 't', heartbeatMs: 50 });
  });
  afterEach(() => fake.close());

  it('listens on 127.0.0.1 with a free port', () => {
    expect(fake.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('refuses a wrong access token with 403 and counts it', async () => {
    await expect(open(`${fake.url}?api_key=k&access_token=wrong`)).rejects.toThrow(/403/);
    expect(fake.rejected).toBe(1);
    expect(fake.connections).toBe(0);
  });

  it('sends 1-byte heartbeats to an idle client', async () => {
    const { socket, frames } = await open(auth());
    await until(() => frames.length >= 2);
    expect(frames.every((f) => Buffer.isBuffer(f) && f.length === 1)).toBe(true);
    socket.close();
  });

  it('sends a subscribed token in quote mode by default, then full after a mode message', async () => {
    const { socket, frames } = await open(auth());
    socket.send(JSON.stringify({ a: 'subscribe', v: [408065] }));
    await fake.waitUntil((f) => f.subscriptions().get(408065) === 'quote');
    fake.sendTicks([
      { token: 408065, lastPrice: '1573.15' },
      { token: 1, lastPrice: '2' },
    ]);
    await until(() => frames.some((f) => Buffer.isBuffer(f) && f.length > 1));
    const quote = frames.find((f) => Buffer.isBuffer(f) && f.length > 1) as Buffer;
    expect(quote.readUInt16BE(0)).toBe(1); // the unsubscribed token 1 was not sent
    expect(quote.readUInt16BE(2)).toBe(44);

    socket.send(JSON.stringify({ a: 'mode', v: ['full', [408065]] }));
    await fake.waitUntil((f) => f.subscriptions().get(408065) === 'full');
    frames.length = 0;
    fake.sendTicks([{ token: 408065, lastPrice: '1573.15' }]);
    await until(() => frames.some((f) => Buffer.isBuffer(f) && f.length > 1));
    expect((frames.find((f) => Buffer.isBuffer(f) && f.length > 1) as Buffer).readUInt16BE(2)).toBe(184);

    socket.send(JSON.stringify({ a: 'unsubscribe', v: [408065] }));
    await fake.waitUntil((f) => f.subscriptions().size === 0);
    expect(fake.sendTicks([{ token: 408065, lastPrice: '1' }])).toBe(0);
    socket.close();
  });

  it('pushes order updates as text frames and answers junk with an error frame', async () => {
    const { socket, frames } = await open(auth());
    fake.sendOrderUpdate({ order_id: '151220000000000', status: 'COMPLETE' });
    socket.send('not json');
    await until(() => frames.filter((f) => typeof f === 'string').length >= 2);
    const texts = frames.filter((f): f is string => typeof f === 'string').map((t) => JSON.parse(t));
    expect(texts).toContainEqual({
      type: 'order',
      data: { order_id: '151220000000000', status: 'COMPLETE' },
    });
    expect(texts).toContainEqual({ type: 'error', data: 'invalid message' });
    socket.close();
  });

  it('drops every connection on command and refuses the next handshakes when told', async () => {
    const { socket } = await open(auth());
    const closed = new Promise<number>((resolve) => socket.once('close', resolve));
    fake.dropConnections();
    expect(await closed).toBe(1006); // abnormal closure: no close frame
    fake.refuseNextConnections(1);
    await expect(open(auth())).rejects.toThrow(/503/);
    const again = await open(auth());
    expect(fake.connections).toBe(2);
    again.socket.close();
  });
});
