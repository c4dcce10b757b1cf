import { BAR, barsStream, type Envelope } from '@dalal/contracts';

import { RedisStreamStore } from './redis-stream-store';
import { StreamConsumer } from './stream-consumer';
import { StreamPublisher } from './stream-publisher';
import { barPayload, RedisServerProcess, waitFor } from '@dalal/testing';

describe('bus on a Redis that restarts', () => {
  const server = new RedisServerProcess(16_379 + Math.floor(Math.random() * 1000));

  afterAll(() => server.kill());

  it('reconnects, recreates its group and handles what is published after the restart', async () => {
    await server.start();
    const store = new RedisStreamStore(server.url);
    const stream = barsStream(1);
    const publisher = new StreamPublisher(store, { source: 'test' });
    const handled: Envelope[] = [];
    const consumer = new StreamConsumer({
      store,
      group: 'g',
      blockMs: 100,
      handlers: new Map([[stream, (e) => void handled.push(e)]]),
    });
    await consumer.start();

    await publisher.publishMany(stream, BAR, [barPayload(1), barPayload(2)]);
    await waitFor(() => handled.length === 2, 'before restart');

    await server.kill();
    expect(await store.ping()).toBe(false);
    await server.start();
    await waitFor(() => store.ping(), 'reconnected', 10_000);

    await publisher.publishMany(stream, BAR, [barPayload(3), barPayload(4)]);
    await waitFor(() => handled.length === 4, 'after restart', 10_000);
    expect(handled.map((e) => (e.payload as { close: string }).close)).toEqual([
      '24001.00',
      '24002.00',
      '24003.00',
      '24004.00',
    ]);
    await consumer.stop();
    await store.close();
  }, 30_000);
});
