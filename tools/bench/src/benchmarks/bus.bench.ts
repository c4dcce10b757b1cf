import { performance } from 'node:perf_hooks';

import Redis from 'ioredis';

import { ALERT, alertsStream, createEnvelope, type Alert } from '@dalal/contracts';
import {
  MemoryStreamStore,
  RedisStreamStore,
  StreamConsumer,
  StreamPublisher,
  type StreamStore,
} from '@dalal/bus';

import { type BenchRow, percentile } from '../bench-row';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const MESSAGES = 100_000;
const BATCH = 100;
const ROUND_TRIPS = 2_000;
const ROUNDS = 5;

const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );

/** An alert whose envelope is about 1 KB of JSON, the size the issue asks to measure. */
const alert: Alert = {
  severity: 'INFO',
  code: 'bench',
  message: 'x'.repeat(800),
  details: { strategy: 'ema-mean-reversion', instrument: 'NIFTY26D0824000CE' },
};

/** Raw Redis moves the very bytes the bus moves, so the ratio measures only our overhead. */
const rawPayload = JSON.stringify(createEnvelope(ALERT, alert, { source: 'bench' }));

function uniqueStream(): string {
  // Shards keep runs apart; the alerts family carries the payload we want.
  return `${alertsStream()}.${Date.now()}`;
}

/** Raw ioredis: pipelined XADD batches → XREADGROUP COUNT 100 → XACK, one producer, one group. */
async function rawThroughput(): Promise<number> {
  const writer = new Redis(REDIS_URL);
  const reader = new Redis(REDIS_URL);
  const acker = new Redis(REDIS_URL);
  const stream = `bench.raw.${Date.now()}`;
  await writer.xgroup('CREATE', stream, 'g', '0', 'MKSTREAM');
  const t0 = performance.now();
  const produce = (async () => {
    for (let sent = 0; sent < MESSAGES; sent += BATCH) {
      const pipeline = writer.pipeline();
      for (let i = 0; i < BATCH; i++) pipeline.xadd(stream, 'MAXLEN', '~', 100_000, '*', 'm', rawPayload);
      await pipeline.exec();
    }
  })();
  let received = 0;
  while (received < MESSAGES) {
    const reply = (await reader.xreadgroup(
      'GROUP',
      'g',
      'c',
      'COUNT',
      BATCH,
      'BLOCK',
      1000,
      'STREAMS',
      stream,
      '>',
    )) as Array<[string, Array<[string, string[]]>]> | null;
    for (const [, entries] of reply ?? []) {
      for (const [, fields] of entries) JSON.parse(fields[1]!);
      await acker.xack(stream, 'g', ...entries.map(([id]) => id));
      received += entries.length;
    }
  }
  await produce;
  const seconds = (performance.now() - t0) / 1000;
  await writer.del(stream);
  writer.disconnect();
  reader.disconnect();
  acker.disconnect();
  return MESSAGES / seconds;
}

/** Our bus: envelopes, ULIDs, zod validation on read, batched publish and ack. */
async function busThroughput(store: StreamStore): Promise<number> {
  const stream = uniqueStream();
  const publisher = new StreamPublisher(store, { source: 'bench' });
  let received = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const consumer = new StreamConsumer({
    store,
    group: 'g',
    batchSize: BATCH,
    blockMs: 1000,
    handlers: new Map([[stream, () => void (++received === MESSAGES && done())]]),
  });
  await consumer.start();
  const t0 = performance.now();
  const batch = Array.from({ length: BATCH }, () => alert);
  for (let sent = 0; sent < MESSAGES; sent += BATCH) await publisher.publishMany(stream, ALERT, batch);
  await finished;
  const seconds = (performance.now() - t0) / 1000;
  await consumer.stop();
  if (consumer.stats.deadLettered > 0) throw new Error('bench messages were dead-lettered');
  return MESSAGES / seconds;
}

/** Produce-to-handled time of one message at a time on an idle bus, in milliseconds. */
async function busRoundTrips(store: StreamStore): Promise<number[]> {
  const stream = uniqueStream();
  const publisher = new StreamPublisher(store, { source: 'bench' });
  let arrived: () => void = () => undefined;
  const consumer = new StreamConsumer({
    store,
    group: 'g',
    blockMs: 1000,
    handlers: new Map([[stream, () => arrived()]]),
  });
  await consumer.start();
  const samples: number[] = [];
  for (let i = 0; i < ROUND_TRIPS; i++) {
    const handled = new Promise<void>((resolve) => (arrived = resolve));
    const t0 = performance.now();
    await publisher.publish(stream, ALERT, alert);
    await handled;
    samples.push(performance.now() - t0);
  }
  await consumer.stop();
  return samples.sort((a, b) => a - b);
}

async function rawRoundTrips(): Promise<number[]> {
  const writer = new Redis(REDIS_URL);
  const reader = new Redis(REDIS_URL);
  const stream = `bench.raw.rtt.${Date.now()}`;
  await writer.xgroup('CREATE', stream, 'g', '$', 'MKSTREAM');
  const samples: number[] = [];
  for (let i = 0; i < ROUND_TRIPS; i++) {
    const t0 = performance.now();
    const read = reader.xreadgroup('GROUP', 'g', 'c', 'COUNT', 1, 'BLOCK', 1000, 'STREAMS', stream, '>');
    await writer.xadd(stream, '*', 'm', rawPayload);
    const reply = (await read) as Array<[string, Array<[string, string[]]>]>;
    const [id] = reply[0]![1][0]!;
    samples.push(performance.now() - t0);
    await writer.xack(stream, 'g', id);
  }
  await writer.del(stream);
  writer.disconnect();
  reader.disconnect();
  return samples.sort((a, b) => a - b);
}

export async function busBenchmark(): Promise<BenchRow[]> {
  const redis = new RedisStreamStore(REDIS_URL);
  // Latency first, on an idle process and Redis; the first runs warm up the JIT and are dropped.
  await rawRoundTrips();
  await busRoundTrips(redis);
  const rawRtt = await rawRoundTrips();
  const busRtt = await busRoundTrips(redis);
  // Throughput drifts with the machine: alternate raw and bus runs and keep the median of each.
  await rawThroughput();
  const raws: number[] = [];
  const buses: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    raws.push(await rawThroughput());
    buses.push(await busThroughput(redis));
  }
  const raw = median(raws);
  const bus = median(buses);
  const memory = await busThroughput(new MemoryStreamStore());
  await redis.close();
  return [
    {
      benchmark: 'bus (Redis)',
      metric: 'throughput, 1 KB, batches of 100',
      value: bus,
      unit: 'msg/s',
      baseline: raw,
      target: '≥ 70% of raw',
    },
    {
      benchmark: 'bus (in-memory)',
      metric: 'throughput, 1 KB, batches of 100',
      value: memory,
      unit: 'msg/s',
    },
    { benchmark: 'raw ioredis', metric: 'XADD + XREADGROUP + XACK', value: raw, unit: 'msg/s' },
    {
      benchmark: 'bus (Redis)',
      metric: 'round trip p50',
      value: percentile(busRtt, 50),
      unit: 'ms',
      baseline: percentile(rawRtt, 50),
    },
    {
      benchmark: 'bus (Redis)',
      metric: 'round trip p99',
      value: percentile(busRtt, 99),
      unit: 'ms',
      baseline: percentile(rawRtt, 99),
      target: '< 2 ms',
    },
  ];
}
