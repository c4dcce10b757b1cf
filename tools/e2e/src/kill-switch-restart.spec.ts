import { randomBytes } from 'node:crypto';

import { Client } from 'pg';

import { RedisStreamStore, StreamPublisher } from '@dalal/bus';
import { approvedOrdersStream, CONTROL_COMMAND, controlStream, ORDER_REQUEST } from '@dalal/contracts';
import { FakeKiteServer } from '@dalal/fakes';
import {
  BrokerSessionsRepository,
  openDatabase,
  OrdersRepository,
  type PrismaService,
  TokenCipher,
  TradingStateRepository,
} from '@dalal/persistence';
import { RedisServerProcess, waitFor } from '@dalal/testing';

import { ServiceProcess, waitForHealth } from './service-process';

const POSTGRES = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const AFTER_RESTART = 'KILLED0000000000001';

async function admin(sql: string, url = POSTGRES): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * The kill switch must hold when the process that obeyed it dies: engaged on the bus, order-execution
 * persists it, is SIGKILLed (a crash, an OOM, a deploy), comes back, and an approved order arriving then
 * is refused — recorded as REJECTED with the reason, and never sent to (fake) Kite.
 */
describe('kill switch through a SIGKILL of order-execution', () => {
  const redis = new RedisServerProcess(17_900 + Math.floor(Math.random() * 500));
  const fake = new FakeKiteServer();
  const dbName = `dalal_kill_${randomBytes(6).toString('hex')}`;
  const key = randomBytes(32).toString('hex');
  let prisma: PrismaService;
  let databaseUrl: string;
  let service: ServiceProcess | undefined;
  let bus: RedisStreamStore;

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
    bus = new RedisStreamStore(redis.url);
  }, 60_000);

  afterAll(async () => {
    service?.signal('SIGKILL');
    await bus?.close();
    await prisma.close();
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await fake.stop();
    await redis.kill();
  });

  function startService(port: number, database = databaseUrl): ServiceProcess {
    return new ServiceProcess('order-execution', {
      REDIS_URL: redis.url,
      PORT: String(port),
      DATABASE_URL: database,
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

  it('an approved order after the restart is refused and no broker order is created', async () => {
    const port = 26_000 + Math.floor(Math.random() * 1000);
    const first = startService(port);
    service = first;
    await waitForHealth(port, 60_000);

    // Published with no database write first (as an older tool would): order-execution persists it.
    await new StreamPublisher(bus, { source: 'gateway' }).publish(controlStream(), CONTROL_COMMAND, {
      command: 'KILL_SWITCH',
      issuedBy: 'ops@desk',
      reason: 'e2e: runaway strategy',
    });
    const states = new TradingStateRepository(prisma);
    await waitFor(async () => (await states.current()).state === 'HALTED', 'kill switch persisted', 20_000);
    expect(await states.current()).toMatchObject({ actor: 'ops@desk', reason: 'e2e: runaway strategy' });
    await waitFor(
      async () => (await bus.pending(controlStream(), 'order-execution', 0, 10)).length === 0,
      'kill switch handled and acked',
      20_000,
    );

    first.signal('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

    service = startService(port);
    await waitForHealth(port, 60_000);
    await new StreamPublisher(bus, { source: 'risk-manager' }).publish(
      approvedOrdersStream(),
      ORDER_REQUEST,
      {
        intentId: 'after-restart',
        strategyId: 'ema-mean-reversion',
        mode: 'live',
        broker: 'kite',
        action: 'ENTER',
        legs: [
          {
            clientOrderId: AFTER_RESTART,
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
    const orders = new OrdersRepository(prisma);
    await waitFor(
      async () => (await orders.findOrder(AFTER_RESTART))?.state === 'REJECTED',
      'order refused after the restart',
      20_000,
    );
    expect((await orders.findOrder(AFTER_RESTART))!.reason).toBe(
      'trading is HALTED (kill switch): only cancels and flattening (ops@desk: e2e: runaway strategy)',
    );
    await waitFor(
      async () => (await bus.pending(approvedOrdersStream(), 'order-execution', 0, 10)).length === 0,
      'request acked',
      20_000,
    );
    expect(fake.ordersTagged(AFTER_RESTART)).toHaveLength(0);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path === '/orders/regular')).toHaveLength(0);
  }, 240_000);

  it('does not start when it cannot read the trading state', async () => {
    // A migrated database whose trading-state table is gone: everything else is fine.
    const broken = `${dbName}_nostate`;
    await admin(`CREATE DATABASE ${broken}`);
    const url = new URL(POSTGRES);
    url.pathname = `/${broken}`;
    const migrated = await openDatabase({ kind: 'postgres', url: url.toString() });
    await migrated.close();
    await admin('DROP TABLE trading_state_changes', url.toString());
    try {
      const port = 27_000 + Math.floor(Math.random() * 1000);
      const doomed = startService(port, url.toString());
      const exit = await doomed.exited;
      expect(exit.code).toBe(1);
      expect(doomed.output.join('\n')).toMatch(/cannot read the persisted trading state, not starting/);
    } finally {
      await admin(`DROP DATABASE IF EXISTS ${broken} WITH (FORCE)`);
    }
  }, 120_000);
});
