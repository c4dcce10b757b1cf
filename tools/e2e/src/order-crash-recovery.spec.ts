import { randomBytes } from 'node:crypto';

import { Client } from 'pg';

import { RedisStreamStore, StreamPublisher } from '@dalal/bus';
import { approvedOrdersStream, ORDER_REQUEST } from '@dalal/contracts';
import { FakeKiteServer } from '@dalal/fakes';
import {
  BrokerSessionsRepository,
  openDatabase,
  OrdersRepository,
  type PrismaService,
  TokenCipher,
} from '@dalal/persistence';
import { RedisServerProcess, waitFor } from '@dalal/testing';

import { ServiceProcess, waitForHealth } from './service-process';

const POSTGRES = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const CLIENT_ORDER_ID = 'CRASH00000000000001';

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: POSTGRES });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * The worst moment to die: Kite has accepted the order, our process has not yet recorded Kite's order id.
 * The real service process is SIGKILLed right there, restarted, and must end with exactly one order at
 * the broker, found by its tag, and the request that was in flight redelivered without a second send.
 */
describe('order-execution killed between the broker’s acceptance and our record', () => {
  const redis = new RedisServerProcess(17_400 + Math.floor(Math.random() * 500));
  const fake = new FakeKiteServer();
  const dbName = `dalal_crash_${randomBytes(6).toString('hex')}`;
  const key = randomBytes(32).toString('hex');
  let prisma: PrismaService;
  let databaseUrl: string;
  let service: ServiceProcess | undefined;

  beforeAll(async () => {
    await redis.start();
    await fake.start();
    await admin(`CREATE DATABASE ${dbName}`);
    const url = new URL(POSTGRES);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
    prisma = await openDatabase({ kind: 'postgres', url: databaseUrl });
    await new BrokerSessionsRepository(prisma, new TokenCipher(Buffer.from(key, 'hex'))).saveSession({
      broker: 'kite',
      accountId: 'XX0000',
      accessToken: fake.accessToken,
      issuedAt: new Date(),
      expiresAt: new Date(Date.now() + 3_600_000),
    });
  }, 60_000);

  afterAll(async () => {
    service?.signal('SIGKILL');
    await prisma.close();
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await fake.stop();
    await redis.kill();
  });

  function startService(port: number): ServiceProcess {
    return new ServiceProcess('order-execution', {
      REDIS_URL: redis.url,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      TRADING_MODE: 'live',
      ORDER_BROKER: 'kite',
      KITE_API_KEY: fake.apiKey,
      KITE_API_ROOT: fake.url,
      KITE_USER_ID: 'XX0000',
      TOKEN_ENCRYPTION_KEY: key,
      BUS_CLAIM_IDLE_MS: '500',
      EXECUTION_SYNC_MS: '200',
      LOG_LEVEL: 'warn',
    });
  }

  it('ends with exactly one broker order after the restart', async () => {
    const port = 25_000 + Math.floor(Math.random() * 1000);
    const first = startService(port);
    service = first;
    await waitForHealth(port);
    fake.onOrderAccepted = async () => {
      first.signal('SIGKILL');
      await first.exited;
    };

    const bus = new RedisStreamStore(redis.url);
    await new StreamPublisher(bus, { source: 'risk-manager' }).publish(
      approvedOrdersStream(),
      ORDER_REQUEST,
      {
        intentId: 'crash-intent',
        strategyId: 'ema-mean-reversion',
        mode: 'live',
        broker: 'kite',
        action: 'ENTER',
        legs: [
          {
            clientOrderId: CLIENT_ORDER_ID,
            leg: {
              instrument: 'NIFTY26D0825000CE',
              exchange: 'NFO',
              side: 'BUY',
              quantity: 65,
              orderType: 'LIMIT',
              product: 'MIS',
              validity: 'DAY',
              price: '101.05',
              role: 'MAIN',
            },
          },
        ],
      },
    );
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    fake.onOrderAccepted = undefined;

    const orders = new OrdersRepository(prisma);
    expect((await orders.findOrder(CLIENT_ORDER_ID))!.state).toBe('PENDING_SUBMIT');
    expect(fake.ordersTagged(CLIENT_ORDER_ID)).toHaveLength(1);

    service = startService(port);
    await waitForHealth(port);
    await waitFor(
      async () => (await orders.findOrder(CLIENT_ORDER_ID))!.state === 'OPEN',
      'order resolved by tag',
      20_000,
    );
    // Let the dead consumer's unacked request be reclaimed and handled again.
    await waitFor(
      async () => (await bus.pending(approvedOrdersStream(), 'order-execution', 0, 10)).length === 0,
      'request redelivered and acked',
      20_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));

    const [atBroker] = fake.ordersTagged(CLIENT_ORDER_ID);
    expect(fake.ordersTagged(CLIENT_ORDER_ID)).toHaveLength(1);
    expect((await orders.findOrder(CLIENT_ORDER_ID))!.brokerOrderId).toBe(atBroker!.order_id);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path === '/orders/regular')).toHaveLength(1);
    await bus.close();
  }, 90_000);
});
