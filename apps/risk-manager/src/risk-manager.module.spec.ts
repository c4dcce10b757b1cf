import { type INestApplication } from '@nestjs/common';

import { RedisStreamStore, StreamPublisher } from '@dalal/bus';
import {
  BAR,
  FILL,
  STRATEGY_INTENT,
  approvedOrdersStream,
  barsStream,
  fillsStream,
  intentsStream,
  parseEnvelope,
  riskRejectionsStream,
  type OrderRequest,
  type RiskRejection,
} from '@dalal/contracts';
import { startService, stopService } from '@dalal/runtime';
import { RedisServerProcess, waitFor } from '@dalal/testing';

import { riskManagerConfigSchema } from './config';
import { RiskManagerModule } from './risk-manager.module';
import { at, entry, execute, freshDatabase } from './testing/risk-desk-harness';

/**
 * The service as deployed: its module on a real (throwaway) redis-server and a real Postgres, reading
 * intents, fills and bars in its consumer group; stopped and started again mid-day.
 */
describe('risk-manager service on Redis and Postgres', () => {
  const redis = new RedisServerProcess(17_900 + Math.floor(Math.random() * 500));
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let store: RedisStreamStore;
  let publisher: StreamPublisher;

  beforeAll(async () => {
    await redis.start();
    db = await freshDatabase();
    store = new RedisStreamStore(redis.url);
    publisher = new StreamPublisher(store, { source: 'strategy-engine' });
  }, 60_000);

  afterAll(async () => {
    await store.close();
    await db.drop();
    await redis.kill();
  });

  async function start(): Promise<INestApplication> {
    const config = riskManagerConfigSchema.parse({
      REDIS_URL: redis.url,
      PORT: String(24_700 + Math.floor(Math.random() * 500)),
      LOG_LEVEL: 'fatal',
      RISK_LIMITS: '{"capital":500000}',
    });
    return startService({
      name: 'risk-manager',
      module: RiskManagerModule.forRoot({ config, prisma: db.prisma }),
      store,
      config: { ...config, BUS_CLAIM_IDLE_MS: 500 },
    });
  }

  async function read<T>(stream: string): Promise<T[]> {
    return (await store.range(stream)).map((e) => {
      const parsed = parseEnvelope(stream, e.data ?? '');
      if (!parsed.ok) throw new Error(parsed.error);
      return parsed.envelope.payload as T;
    });
  }

  it('approves, ignores a redelivery, keeps its books through a restart and squares off on bar time', async () => {
    let app = await start();
    try {
      const first = await publisher.publish(intentsStream(), STRATEGY_INTENT, entry('ce-0930', '09:30'));
      await publisher.publishEnvelope(intentsStream(), first); // the same message delivered again
      await publisher.publish(intentsStream(), STRATEGY_INTENT, entry('ce-0931', '09:31'));
      await waitFor(async () => (await store.length(riskRejectionsStream())) === 1, 'second entry refused');
      const requests = await read<OrderRequest>(approvedOrdersStream());
      expect(requests.map((r) => r.intentId)).toEqual(['ce-0930']);
      expect((await read<RiskRejection>(riskRejectionsStream()))[0]).toMatchObject({
        intentId: 'ce-0931',
        rule: 'MAX_OPEN_POSITIONS',
      });

      // Execution fills the entry (stored, then published); the risk manager sees it on orders.fills.
      const desk = { onFill: async () => undefined } as never;
      const [fill] = await execute(db.prisma, desk, requests[0]!, '100', '09:31', { deliver: false });
      await publisher.publish(fillsStream(), FILL, fill!);

      await stopService(app);
      app = await start();

      // After the restart the trade still holds the slot…
      await publisher.publish(intentsStream(), STRATEGY_INTENT, entry('ce-1000', '10:00'));
      await waitFor(
        async () => (await store.length(riskRejectionsStream())) === 2,
        'entry after restart refused',
      );
      expect((await read<RiskRejection>(riskRejectionsStream()))[1]).toMatchObject({
        rule: 'MAX_OPEN_POSITIONS',
      });

      // …and is squared off when the bus says it is 15:15 IST.
      await publisher.publish(barsStream(), BAR, {
        instrument: 'NIFTY 50',
        exchange: 'NSE',
        timeframe: '1m',
        openTime: at('15:14'),
        closeTime: at('15:15'),
        open: '25000',
        high: '25010',
        low: '24990',
        close: '25005',
        volume: 0,
        closed: true,
      });
      await waitFor(async () => (await store.length(approvedOrdersStream())) === 2, 'square-off sent');
      const squareOff = (await read<OrderRequest>(approvedOrdersStream()))[1]!;
      expect(squareOff).toMatchObject({ action: 'EXIT', strategyId: 'ema-mean-reversion' });
      expect(squareOff.legs.map((l) => [l.leg.side, l.leg.quantity])).toEqual([['SELL', 65]]);

      const counters = await db.prisma.riskCounter.findMany({
        where: { scope: 'ema-mean-reversion', name: 'tradesToday' },
      });
      expect(counters.map((c) => [c.tradeDate.toISOString().slice(0, 10), c.value.toString()])).toEqual([
        ['2026-12-01', '1'],
      ]);
    } finally {
      await stopService(app);
    }
  }, 60_000);
});
