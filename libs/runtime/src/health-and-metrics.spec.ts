import { Injectable, Module } from '@nestjs/common';

import { MemoryStreamStore, StreamPublisher } from '@dalal/bus';
import { BAR, barsStream } from '@dalal/contracts';
import { barPayload } from '@dalal/testing';

import { ReadinessChecks } from './readiness';
import { startService, stopService } from './start-service';

const feed = { fresh: true };

/** Stands for a service module that knows when its market-data feed has gone quiet. */
@Injectable()
class FeedFreshness {
  constructor(readiness: ReadinessChecks) {
    readiness.register('feed', () => (feed.fresh ? true : { ok: false, detail: 'no tick for 45 s' }));
  }
}

@Module({ providers: [FeedFreshness] })
class FeedModule {}

const config = {
  LOG_LEVEL: 'fatal' as const,
  BUS_MAX_LEN: 1000,
  BUS_CLAIM_IDLE_MS: 30_000,
  BUS_MAX_ATTEMPTS: 2,
  BUS_RETRY_DELAY_MS: 10,
};

describe('a service’s health and metrics endpoints', () => {
  it('is live while it answers, ready only while the bus, the database and its own checks pass', async () => {
    const store = new MemoryStreamStore();
    let databaseUp = true;
    const port = 24_900 + Math.floor(Math.random() * 400);
    const app = await startService({
      name: 'market-data',
      module: FeedModule,
      store,
      config: { ...config, PORT: port },
      readiness: { postgres: async () => databaseUp },
    });
    const get = async (path: string) => {
      const response = await fetch(`http://127.0.0.1:${port}${path}`);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    try {
      expect(await get('/health/live')).toEqual({
        status: 200,
        body: { status: 'alive', service: 'market-data' },
      });
      expect(await get('/health/ready')).toEqual({
        status: 200,
        body: {
          status: 'ready',
          service: 'market-data',
          checks: { bus: { ok: true }, postgres: { ok: true }, feed: { ok: true } },
        },
      });

      feed.fresh = false;
      databaseUp = false;
      const notReady = await get('/health/ready');
      expect(notReady.status).toBe(503);
      expect(notReady.body).toMatchObject({
        status: 'not_ready',
        checks: {
          bus: { ok: true },
          postgres: { ok: false },
          feed: { ok: false, detail: 'no tick for 45 s' },
        },
      });
      expect((await get('/health/live')).status).toBe(200);
    } finally {
      feed.fresh = true;
      await stopService(app);
    }
  }, 20_000);

  it('serves the process registry on /metrics in Prometheus text format', async () => {
    const store = new MemoryStreamStore();
    const port = 25_300 + Math.floor(Math.random() * 400);
    const app = await startService({
      name: 'strategy-engine',
      module: FeedModule,
      store,
      config: { ...config, PORT: port },
    });
    try {
      await new StreamPublisher(store, { source: 'market-data' }).publish(barsStream(41), BAR, barPayload(1));
      const response = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      const text = await response.text();
      expect(text).toContain('bus_messages_total{stream="md.bars.41",result="published"} 1');
      expect(text).toContain('# TYPE order_latency_seconds histogram');
      expect(text).toContain('process_resident_memory_bytes');
    } finally {
      await stopService(app);
    }
  }, 20_000);
});
