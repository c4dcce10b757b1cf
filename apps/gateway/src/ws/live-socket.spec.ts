import { WebSocket } from 'ws';

import { StreamPublisher } from '@dalal/bus';
import { ORDER_EVENT, TICK, orderEventsStream, ticksStream } from '@dalal/contracts';
import { waitFor } from '@dalal/testing';

import { startGateway, type GatewayHarness } from '../testing/gateway-harness';

interface Client {
  socket: WebSocket;
  frames: Array<Record<string, unknown>>;
  closed: Promise<{ code: number; reason: string }>;
}

function connect(url: string): Promise<Client> {
  const socket = new WebSocket(url);
  const frames: Array<Record<string, unknown>> = [];
  socket.on('message', (data) => frames.push(JSON.parse(data.toString()) as Record<string, unknown>));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket, frames, closed }));
    socket.once('error', reject);
  });
}

describe('gateway WebSocket /api/v1/ws', () => {
  let gw: GatewayHarness;
  let token: string;
  let wsUrl: string;
  beforeAll(async () => {
    gw = await startGateway();
    token = await gw.login();
    wsUrl = `${gw.url.replace('http', 'ws')}/api/v1/ws`;
  }, 90_000);
  afterAll(async () => {
    await gw?.close();
  });

  it('closes 1008 on a bad token in the query', async () => {
    const client = await connect(`${wsUrl}?token=forged`);
    expect(await client.closed).toEqual({ code: 1008, reason: 'invalid token' });
  });

  it('pushes subscribed bus events to a client authenticated by query token, and nothing else', async () => {
    const client = await connect(`${wsUrl}?token=${encodeURIComponent(token)}`);
    await waitFor(() => client.frames.some((f) => f['type'] === 'welcome'), 'welcome');
    client.socket.send(JSON.stringify({ type: 'subscribe', channels: ['orders'] }));
    await waitFor(() => client.frames.some((f) => f['type'] === 'subscribed'), 'subscribed');

    const publisher = new StreamPublisher(gw.store, { source: 'order-execution' });
    await publisher.publish(ticksStream(), TICK, {
      instrument: 'NIFTY 50',
      exchange: 'NSE',
      ltp: '25010.5',
      exchangeTs: '2026-12-02T04:00:00.000Z',
    });
    await publisher.publish(orderEventsStream(), ORDER_EVENT, {
      clientOrderId: 'c-9',
      state: 'OPEN',
      quantity: 75,
      filledQuantity: 0,
      at: '2026-12-02T04:00:01.000Z',
    });
    await waitFor(() => client.frames.some((f) => f['type'] === 'event'), 'order event');
    const events = client.frames.filter((f) => f['type'] === 'event');
    expect(events).toEqual([
      expect.objectContaining({
        channel: 'orders',
        messageType: 'order.event',
        data: expect.objectContaining({ clientOrderId: 'c-9' }),
      }),
    ]);
    client.socket.close();
  });

  it('accepts the token as the first message', async () => {
    const client = await connect(wsUrl);
    client.socket.send(JSON.stringify({ type: 'auth', token }));
    await waitFor(() => client.frames.some((f) => f['type'] === 'welcome'), 'welcome');
    expect(client.frames[0]).toEqual({ type: 'welcome', actor: 'admin' });
    client.socket.close();
  });

  it('refuses other paths', async () => {
    await expect(connect(`${gw.url.replace('http', 'ws')}/api/v1/other`)).rejects.toThrow();
  });
});
