import { BAR, barsStream, deadLetterStream, type Envelope } from '@dalal/contracts';

import { MemoryStreamStore } from './memory-stream-store';
import { RedisStreamStore } from './redis-stream-store';
import { StreamConsumer, type DeadLetter, type StreamConsumerOptions } from './stream-consumer';
import { StreamPublisher } from './stream-publisher';
import { type StreamStore } from './stream-store';
import { barPayload, waitFor } from '@dalal/testing';
import { busMessages, dlqMessages, metricsRegistry } from '@dalal/observability';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

const implementations: Array<[string, () => StreamStore]> = [
  ['redis', () => new RedisStreamStore(REDIS_URL)],
  ['memory', () => new MemoryStreamStore()],
];

describe.each(implementations)('bus contract on %s', (_name, makeStore) => {
  let store: StreamStore;
  let stream: string;
  let publisher: StreamPublisher;
  const consumers: StreamConsumer[] = [];

  beforeEach(() => {
    store = makeStore();
    // A fresh shard per test keeps tests apart on a shared Redis.
    stream = barsStream(Date.now() * 1000 + Math.floor(Math.random() * 1000));
    publisher = new StreamPublisher(store, { source: 'test' });
  });

  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((c) => c.stop()));
    await store.close();
  });

  function consume(
    handler: (e: Envelope) => unknown,
    options: Partial<StreamConsumerOptions> = {},
  ): StreamConsumer {
    const consumer = new StreamConsumer({
      store,
      group: 'g',
      blockMs: 200,
      retryDelayMs: 1,
      handlers: new Map([[stream, handler]]),
      ...options,
    });
    consumers.push(consumer);
    return consumer;
  }

  async function deadLetters(): Promise<DeadLetter[]> {
    return (await store.range(deadLetterStream(stream))).map((e) => JSON.parse(e.data!) as DeadLetter);
  }

  it('delivers every message once, in stream order, and acks it', async () => {
    const seen: string[] = [];
    const consumer = consume((e) => void seen.push((e.payload as { close: string }).close));
    await consumer.start();
    await publisher.publishMany(
      stream,
      BAR,
      Array.from({ length: 250 }, (_, n) => barPayload(n)),
    );
    for (let n = 250; n < 300; n++) await publisher.publish(stream, BAR, barPayload(n));
    await waitFor(() => seen.length === 300, '300 messages');
    expect(seen).toEqual(Array.from({ length: 300 }, (_, n) => `${24000 + n}.00`));
    await waitFor(async () => (await store.pending(stream, 'g', 0, 10)).length === 0, 'all acked');
  });

  it('redelivers to another consumer what a consumer read and never acked (it died)', async () => {
    await store.ensureGroup(stream, 'g');
    const sent = await publisher.publish(stream, BAR, barPayload(1));
    const taken = await store.readGroup({
      group: 'g',
      consumer: 'dies',
      streams: [stream],
      count: 10,
      blockMs: 100,
    });
    expect(taken[0]?.entries).toHaveLength(1);

    const handled: Envelope[] = [];
    const survivor = consume((e) => void handled.push(e), {
      consumer: 'survives',
      claimIdleMs: 50,
      claimEveryMs: 20,
    });
    await survivor.start();
    await waitFor(() => handled.length === 1, 'redelivery');
    expect(handled[0]!.id).toBe(sent.id);
    expect(survivor.stats.reclaimed).toBe(1);
    await waitFor(
      async () => (await store.pending(stream, 'g', 0, 10)).length === 0,
      'acked after redelivery',
    );
  });

  it('dead-letters an invalid message with the reason and goes on with the next', async () => {
    const handled: Envelope[] = [];
    const told: DeadLetter[] = [];
    const consumer = consume((e) => void handled.push(e), {
      onDeadLetter: (letter) => void told.push(letter),
    });
    await consumer.start();
    await store.append(stream, JSON.stringify({ hello: 'world' }));
    await store.append(stream, 'not json at all');
    await publisher.publish(stream, BAR, barPayload(7));
    await waitFor(() => handled.length === 1, 'valid message after invalid ones');
    const letters = await deadLetters();
    expect(letters.map((l) => l.reason)).toEqual(['invalid', 'invalid']);
    expect(letters[0]!.error).toMatch(/^id: /);
    expect(letters[1]!.raw).toBe('not json at all');
    expect(consumer.stats.deadLettered).toBe(2);
    expect(told).toEqual(letters);
  });

  it('retries a failing handler, then dead-letters the poison message with its error', async () => {
    let attempts = 0;
    const handled: Envelope[] = [];
    const consumer = consume(
      (e) => {
        if ((e.payload as { close: string }).close === '24001.00') {
          attempts += 1;
          throw new Error('strategy blew up');
        }
        handled.push(e);
      },
      { maxAttempts: 3 },
    );
    await consumer.start();
    await publisher.publishMany(stream, BAR, [barPayload(1), barPayload(2)]);
    await waitFor(() => handled.length === 1, 'message after the poison one');
    expect(attempts).toBe(3);
    const [letter] = await deadLetters();
    expect(letter).toMatchObject({ reason: 'handler_failed', error: 'strategy blew up', group: 'g' });
    await waitFor(async () => (await store.pending(stream, 'g', 0, 10)).length === 0, 'poison acked');
  });

  it('dead-letters, without running it, a message that keeps killing its consumers', async () => {
    await store.ensureGroup(stream, 'g');
    await publisher.publish(stream, BAR, barPayload(1));
    await store.readGroup({ group: 'g', consumer: 'crash-1', streams: [stream], count: 1, blockMs: 100 });
    for (let i = 2; i <= 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 15));
      const [p] = await store.pending(stream, 'g', 10, 1);
      await store.claim(stream, 'g', `crash-${i}`, 10, [p!.id]);
    }
    let ran = false;
    const consumer = consume(() => (ran = true), { maxDeliveries: 3, claimIdleMs: 10, claimEveryMs: 10 });
    await consumer.start();
    await waitFor(async () => (await deadLetters()).length === 1, 'dead letter');
    expect(ran).toBe(false);
    expect((await deadLetters())[0]).toMatchObject({ reason: 'too_many_deliveries', deliveries: 4 });
  });

  it('gives each consumer group its own copy of every message', async () => {
    const a: Envelope[] = [];
    const b: Envelope[] = [];
    await consume((e) => void a.push(e), { group: 'risk' }).start();
    await consume((e) => void b.push(e), { group: 'gateway' }).start();
    await publisher.publishMany(stream, BAR, [barPayload(1), barPayload(2), barPayload(3)]);
    await waitFor(() => a.length === 3 && b.length === 3, 'both groups');
    expect(a.map((e) => e.id)).toEqual(b.map((e) => e.id));
  });

  it('carries the correlation id into messages published while handling', async () => {
    const downstream = barsStream(Number(stream.split('.').pop()) + 1);
    const out: Envelope[] = [];
    await consume(async (e) => {
      await publisher.publish(downstream, BAR, e.payload as ReturnType<typeof barPayload>);
    }).start();
    const second = new StreamConsumer({
      store,
      group: 'g2',
      blockMs: 200,
      handlers: new Map([[downstream, (e) => void out.push(e)]]),
    });
    consumers.push(second);
    await second.start();
    const first = await publisher.publish(stream, BAR, barPayload(1));
    await waitFor(() => out.length === 1, 'relayed message');
    expect(out[0]!.correlationId).toBe(first.correlationId);
    expect(out[0]!.id).not.toBe(first.id);
  });

  it('trims a stream to about MAXLEN entries', async () => {
    const trimmed = new StreamPublisher(store, { source: 'test', maxLen: 1000 });
    for (let i = 0; i < 5; i++) {
      await trimmed.publishMany(
        stream,
        BAR,
        Array.from({ length: 1000 }, (_, n) => barPayload(i * 1000 + n)),
      );
    }
    const length = await store.length(stream);
    expect(length).toBeGreaterThanOrEqual(1000);
    expect(length).toBeLessThan(1200);
    const [oldest] = await store.range(stream, 1);
    expect(JSON.parse(oldest!.data!).payload.close).not.toBe('24000.00');
  });

  it('on stop, finishes the message in hand, acks it, and returns without waiting out the block', async () => {
    let release: () => void = () => undefined;
    const started: Envelope[] = [];
    const consumer = consume(
      (e) =>
        new Promise<void>((resolve) => {
          started.push(e);
          release = resolve;
        }),
      { blockMs: 10_000 },
    );
    await consumer.start();
    await publisher.publish(stream, BAR, barPayload(1));
    await waitFor(() => started.length === 1, 'handler started');
    const stopped = consumer.stop();
    setTimeout(() => release(), 50);
    const t0 = Date.now();
    await stopped;
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(await store.pending(stream, 'g', 0, 10)).toEqual([]);
    expect(consumer.stats.handled).toBe(1);
  });

  it('refuses to publish a message on a stream of another type', async () => {
    await expect(publisher.publish('alerts', BAR, barPayload(1))).rejects.toThrow(
      'stream alerts does not carry md.bar messages',
    );
  });

  it('measures a group’s lag as undelivered plus unacked entries', async () => {
    await store.ensureGroup(stream, 'g');
    for (let n = 0; n < 5; n++) await publisher.publish(stream, BAR, barPayload(n));
    expect(await store.groupLag(stream, 'g')).toBe(5);
    const [batch] = await store.readGroup({
      group: 'g',
      consumer: 'c',
      streams: [stream],
      count: 2,
      blockMs: 10,
    });
    expect(await store.groupLag(stream, 'g')).toBe(5); // two delivered, still unacked
    await store.ack(
      stream,
      'g',
      batch!.entries.map((e) => e.id),
    );
    expect(await store.groupLag(stream, 'g')).toBe(3);
    expect(await store.groupLag(stream, 'no-such-group')).toBe(0);
  });

  it('counts published, handled and dead-lettered messages and exposes the consumer lag on /metrics', async () => {
    const count = async (result: string) =>
      (await busMessages.get()).values.find((v) => v.labels.stream === stream && v.labels.result === result)
        ?.value ?? 0;
    const consumer = consume(
      (e) => {
        if ((e.payload as { close: string }).close === '24001.00') throw new Error('bad bar');
      },
      { maxAttempts: 1 },
    );
    await consumer.start();
    await publisher.publishMany(stream, BAR, [barPayload(0), barPayload(1), barPayload(2)]);
    await waitFor(
      async () => (await count('handled')) === 2 && (await count('dead_lettered')) === 1,
      'counted',
    );
    expect(await count('published')).toBe(3);
    const dlq = (await dlqMessages.get()).values.find((v) => v.labels.stream === stream);
    expect(dlq?.value).toBe(1);
    await waitFor(async () => (await store.pending(stream, 'g', 0, 10)).length === 0, 'all acked');
    expect(await metricsRegistry.metrics()).toContain(`bus_consumer_lag{stream="${stream}",group="g"} 0`);
  });
});
