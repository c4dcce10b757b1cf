import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { CONTROL_COMMAND, controlStream } from '@dalal/contracts';
import { RedisStreamStore, StreamPublisher } from '@dalal/bus';
import { waitFor } from '@dalal/testing';

import { ServiceProcess, waitForHealth } from './service-process';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const apps = ['market-data', 'strategy-engine', 'risk-manager', 'order-execution', 'gateway'];
const basePort = 23_000 + Math.floor(Math.random() * 1000) * 5;

describe('the five services as processes on real Redis', () => {
  const services = apps.map((app, i) => ({
    app,
    port: basePort + i,
    process: undefined as ServiceProcess | undefined,
  }));
  const store = new RedisStreamStore(REDIS_URL);

  afterAll(async () => {
    for (const s of services) s.process?.signal('SIGKILL');
    await store.close();
  });

  it('each starts, answers /health, reads control in its own group, and exits 0 within 5 s of SIGTERM', async () => {
    const DATA_DIR = mkdtempSync(join(tmpdir(), 'dalal-e2e-'));
    for (const s of services) {
      s.process = new ServiceProcess(s.app, { REDIS_URL, PORT: String(s.port), LOG_LEVEL: 'info', DATA_DIR });
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
