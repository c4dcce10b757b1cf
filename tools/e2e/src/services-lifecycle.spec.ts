import { randomBytes } from 'node:crypto';

import { Client } from 'pg';

import { CONTROL_COMMAND, controlStream } from '@dalal/contracts';
import { RedisStreamStore, StreamPublisher } from '@dalal/bus';
import { waitFor } from '@dalal/testing';

import { ServiceProcess, waitForHealth } from './service-process';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const POSTGRES = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: POSTGRES });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}
const apps = ['market-data', 'strategy-engine', 'risk-manager', 'order-execution', 'gateway'];
const basePort = 23_000 + Math.floor(Math.random() * 1000) * 5;

describe('the five services as processes on real Redis', () => {
  const services = apps.map((app, i) => ({
    app,
    port: basePort + i,
    process: undefined as ServiceProcess | undefined,
  }));
  const store = new RedisStreamStore(REDIS_URL);
  // Separate processes share one Postgres, as deployed (PGlite is for the single-process mode).
  const database = `dalal_e2e_${randomBytes(6).toString('hex')}`;
  const DATABASE_URL = Object.assign(new URL(POSTGRES), { pathname: `/${database}` }).toString();

  beforeAll(() => admin(`CREATE DATABASE ${database}`));

  afterAll(async () => {
    for (const s of services) s.process?.signal('SIGKILL');
    await store.close();
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  });

  it('each starts, answers /health, reads control in its own group, and exits 0 within 5 s of SIGTERM', async () => {
    for (const s of services) {
      s.process = new ServiceProcess(s.app, {
        REDIS_URL,
        DATABASE_URL,
        PORT: String(s.port),
        LOG_LEVEL: 'info',
      });
    }
    const health = await Promise.all(
      services.map((s) =>
        waitForHealth(s.port).catch((err: Error) => {
          throw new Error(`${s.app}: ${err.message}\n${s.process!.output.slice(-15).join('\n')}`);
        }),
      ),
    );
    expect(health).toEqual(apps.map((service) => ({ status: 'ok', service, bus: 'up' })));

    const sent = await new StreamPublisher(store, { source: 'e2e' }).publish(
      controlStream(),
      CONTROL_COMMAND,
      {
        command: 'REARM',
        issuedBy: 'e2e-test',
      },
    );
    for (const s of services) {
      await waitFor(
        () => s.process!.logs().some((l) => l['correlationId'] === sent.correlationId),
        `${s.app} logs the control command`,
        15_000,
      );
    }

    const t0 = Date.now();
    for (const s of services) s.process!.signal('SIGTERM');
    const exits = await Promise.all(services.map((s) => s.process!.exited));
    expect(exits).toEqual(apps.map(() => ({ code: 0, signal: null })));
    expect(Date.now() - t0).toBeLessThan(5000);
  }, 60_000);

  it('refuses to start without REDIS_URL, naming the variable', async () => {
    const service = new ServiceProcess('risk-manager', { PORT: String(basePort + 5) });
    expect(await service.exited).toEqual({ code: 1, signal: null });
    expect(service.output.join('\n')).toContain('REDIS_URL is required but not set');
  }, 30_000);
});
