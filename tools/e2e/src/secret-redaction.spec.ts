import { randomBytes } from 'node:crypto';

import { Client } from 'pg';

import { RedisStreamStore, StreamPublisher } from '@dalal/bus';
import { approvedOrdersStream, ORDER_REQUEST } from '@dalal/contracts';
import { FakeKiteServer } from '@dalal/fakes';
import { BrokerSessionsRepository, openDatabase, type PrismaService, TokenCipher } from '@dalal/persistence';
import { RedisServerProcess, waitFor } from '@dalal/testing';

import { ServiceProcess, waitForHealth } from './service-process';

const POSTGRES = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

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
 * Known fake secrets go into the services' configuration and the broker session; then everything the
 * services let out — every log line at debug level, the bodies of error responses (a 404 echoes the path,
 * where a careless client put a secret), `/metrics` and the readiness report — is searched for them.
 */
describe('services configured with known fake secrets', () => {
  const redis = new RedisServerProcess(17_900 + Math.floor(Math.random() * 500));
  const dbName = `dalal_secrets_${randomBytes(6).toString('hex')}`;
  const secrets = {
    kiteApiSecret: `kite-api-secret-${randomBytes(6).toString('hex')}`,
    encryptionKey: randomBytes(32).toString('hex'),
    accessToken: `kite-access-token-${randomBytes(6).toString('hex')}`,
    databasePassword: `pg-password-${randomBytes(6).toString('hex')}`,
  };
  const fake = new FakeKiteServer({ apiSecret: secrets.kiteApiSecret, accessToken: secrets.accessToken });
  const services: ServiceProcess[] = [];
  let prisma: PrismaService;
  let databaseUrl: string;

  beforeAll(async () => {
    await redis.start();
    await fake.start();
    await admin(`CREATE DATABASE ${dbName}`);
    const url = new URL(POSTGRES);
    url.pathname = `/${dbName}`;
    prisma = await openDatabase({ kind: 'postgres', url: url.toString() });
    // Postgres here trusts local connections, so the password is carried but never checked.
    url.password = secrets.databasePassword;
    databaseUrl = url.toString();
    await new BrokerSessionsRepository(
      prisma,
      new TokenCipher(Buffer.from(secrets.encryptionKey, 'hex')),
    ).saveSession({
      broker: 'kite',
      accountId: 'XX0000',
      accessToken: secrets.accessToken,
      issuedAt: new Date(),
      expiresAt: new Date(Date.now() + 3_600_000),
    });
  }, 60_000);

  afterAll(async () => {
    for (const service of services) service.signal('SIGKILL');
    await Promise.all(services.map((s) => s.exited));
    await prisma.close();
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await fake.stop();
    await redis.kill();
  });

  it('never show a secret in logs, error responses, metrics or readiness', async () => {
    const base = 26_000 + Math.floor(Math.random() * 1000);
    const shared = {
      REDIS_URL: redis.url,
      DATABASE_URL: databaseUrl,
      TOKEN_ENCRYPTION_KEY: secrets.encryptionKey,
      KITE_API_KEY: fake.apiKey,
      KITE_API_ROOT: fake.url,
      KITE_USER_ID: 'XX0000',
      LOG_LEVEL: 'debug',
    };
    const execution = new ServiceProcess('order-execution', {
      ...shared,
      PORT: String(base),
      TRADING_MODE: 'live',
      ORDER_BROKER: 'kite',
      KITE_API_SECRET: secrets.kiteApiSecret,
      EXECUTION_SYNC_MS: '200',
    });
    const marketData = new ServiceProcess('market-data', {
      ...shared,
      PORT: String(base + 1),
      MD_FEED: 'replay',
      MD_REPLAY_SPEED: '0',
    });
    services.push(execution, marketData);
    ports.set(execution, base);
    await Promise.all([waitForHealth(base, 90_000), waitForHealth(base + 1, 90_000)]).catch((err: Error) => {
      throw new Error(`${err.message}\n${[...execution.output, ...marketData.output].slice(-30).join('\n')}`);
    });

    // Trade once, so the broker session is decrypted and used on the wire.
    const bus = new RedisStreamStore(redis.url);
    await new StreamPublisher(bus, { source: 'risk-manager' }).publish(
      approvedOrdersStream(),
      ORDER_REQUEST,
      {
        intentId: 'secrets-intent',
        strategyId: 'ema-mean-reversion',
        mode: 'live',
        broker: 'kite',
        action: 'ENTER',
        legs: [
          {
            clientOrderId: 'SECRETS000000000001',
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
    await waitFor(() => fake.ordersTagged('SECRETS000000000001').length === 1, 'order at the broker', 20_000);
    await bus.close();

    const answers: string[] = [];
    const call = async (port: number, path: string, init?: RequestInit) => {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, init);
      const text = await response.text();
      answers.push(text);
      return { status: response.status, text };
    };
    // Secrets where a careless client or a probe might put them: the query string (any secret: query values
    // are never shown) and the path (a secret the service is configured with: blanked by value).
    const query = `?api_secret=${encodeURIComponent(secrets.kiteApiSecret)}&t=${secrets.accessToken}`;
    for (const [port, known] of [
      [base, secrets.kiteApiSecret],
      [base + 1, secrets.encryptionKey],
    ] as const) {
      const inQuery = await call(port, `/no-such-page${query}`);
      expect(inQuery.status).toBe(404);
      expect(inQuery.text).toContain('/no-such-page?api_secret=[redacted]&t=[redacted]');
      const inPath = await call(port, `/no-such-page/${known}`);
      expect(inPath.status).toBe(404);
      expect(inPath.text).toContain('/no-such-page/[redacted]');
    }
    const postback = await call(base, '/postbacks/kite', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ order_id: '1', checksum: secrets.kiteApiSecret }),
    });
    expect(postback.status).toBe(403);
    for (const port of [base, base + 1]) {
      // Ready or not (a loaded machine can time a check out), the report is searched like every answer.
      expect([200, 503]).toContain((await call(port, '/health/ready')).status);
      expect((await call(port, '/metrics')).status).toBe(200);
    }
    const metrics = answers.filter((a) => a.includes('# TYPE')).join('\n');
    expect(metrics).toContain('broker_requests_total{broker="kite",endpoint="placeOrder",outcome="ok"} 1');
    expect(metrics).toContain('broker_session_valid{broker="kite"} 1');

    const logs = [...execution.output, ...marketData.output];
    expect(logs.length).toBeGreaterThan(20);
    // The 404s' request lines were logged, blanked.
    expect(logs.filter((line) => line.includes('/no-such-page/[redacted]'))).toHaveLength(2);
    const everything = [...logs, ...answers].join('\n');
    for (const [name, value] of Object.entries(secrets)) {
      for (const form of new Set([value, encodeURIComponent(value)])) {
        const where = everything.split('\n').filter((line) => line.includes(form));
        expect({ name, where }).toEqual({ name, where: [] });
      }
    }
  }, 240_000);

  it('then reports order-execution not ready once Kite refuses the session, and says why', async () => {
    const port = portOf(services[0]!);
    const ready = async () => {
      const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
      return {
        status: response.status,
        body: (await response.json()) as { checks: Record<string, unknown> },
      };
    };
    expect((await ready()).body.checks['broker_session']).toEqual({ ok: true });
    fake.expireToken(); // Kite's daily logout: the next poll of the open order is refused
    await waitFor(async () => (await ready()).status === 503, 'not ready', 30_000);
    expect((await ready()).body.checks['broker_session']).toEqual({
      ok: false,
      detail: 'kite session expired or missing: log in again',
    });
  }, 60_000);
});

const ports = new WeakMap<ServiceProcess, number>();
const portOf = (service: ServiceProcess) => ports.get(service)!;
