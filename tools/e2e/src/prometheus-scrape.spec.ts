import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Client } from 'pg';

import { RedisStreamStore, StreamPublisher } from '@dalal/bus';
import { approvedOrdersStream, ORDER_REQUEST } from '@dalal/contracts';
import { RedisServerProcess, waitFor } from '@dalal/testing';

import { ServiceProcess, waitForHealth } from './service-process';

const root = join(__dirname, '..', '..', '..');
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

interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

/**
 * A real Prometheus (Debian's package) on loopback scrapes market-data replaying a recorded session and a
 * paper order-execution every two seconds, with the repository's alert rules loaded; the test then asks
 * Prometheus, not the services, for the series the dashboards and alerts are built on.
 */
describe('Prometheus scraping a short paper session', () => {
  const redis = new RedisServerProcess(18_400 + Math.floor(Math.random() * 500));
  const dbName = `dalal_prom_${randomBytes(6).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'dalal-prometheus-'));
  const services: ServiceProcess[] = [];
  let prometheus: ChildProcess | undefined;
  let databaseUrl: string;

  beforeAll(async () => {
    await redis.start();
    await admin(`CREATE DATABASE ${dbName}`);
    const url = new URL(POSTGRES);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
  }, 60_000);

  afterAll(async () => {
    prometheus?.kill('SIGTERM');
    for (const service of services) service.signal('SIGKILL');
    await Promise.all(services.map((s) => s.exited));
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await redis.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds bus lag, feed, bar, order and latency series, and has loaded every alert rule', async () => {
    const base = 28_000 + Math.floor(Math.random() * 1000);
    const promPort = base + 10;
    const shared = { REDIS_URL: redis.url, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' };
    const marketData = new ServiceProcess('market-data', {
      ...shared,
      PORT: String(base + 1),
      MD_FEED: 'replay',
      MD_REPLAY_SPEED: '0',
    });
    const execution = new ServiceProcess('order-execution', {
      ...shared,
      PORT: String(base + 4),
      TRADING_MODE: 'paper',
      ORDER_BROKER: 'paper',
    });
    services.push(marketData, execution);
    await Promise.all([waitForHealth(base + 1, 90_000), waitForHealth(base + 4, 90_000)]);

    copyFileSync(join(root, 'infrastructure/prometheus/alerts.yml'), join(dir, 'alerts.yml'));
    writeFileSync(
      join(dir, 'prometheus.yml'),
      [
        // Generous for loopback: a loaded CI machine can take seconds to answer a scrape.
        'global: { scrape_interval: 2s, scrape_timeout: 2s, evaluation_interval: 2s }',
        'rule_files: [alerts.yml]',
        'scrape_configs:',
        '  - job_name: dalal',
        '    static_configs:',
        `      - targets: ['127.0.0.1:${base + 1}']`,
        '        labels: { service: market-data }',
        `      - targets: ['127.0.0.1:${base + 4}']`,
        '        labels: { service: order-execution }',
      ].join('\n'),
    );
    const log: string[] = [];
    prometheus = spawn(
      'prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    prometheus.stderr!.on('data', (chunk: Buffer) => log.push(chunk.toString()));
    prometheus.once('error', (err) =>
      log.push(`prometheus could not start: ${err.message} (apt-get install prometheus)`),
    );

    const api = async <T>(path: string): Promise<T> => {
      const response = await fetch(`http://127.0.0.1:${promPort}/api/v1/${path}`);
      const body = (await response.json()) as { status: string; data: T };
      if (body.status !== 'success') throw new Error(`${path}: ${JSON.stringify(body)}`);
      return body.data;
    };
    const query = async (promql: string) =>
      (await api<{ result: Sample[] }>(`query?query=${encodeURIComponent(promql)}`)).result;
    const waitForSeries = async (promql: string, what: string) => {
      await waitFor(async () => (await query(promql).catch(() => [])).length > 0, what, 60_000);
      return query(promql);
    };

    await waitFor(
      async () =>
        (await fetch(`http://127.0.0.1:${promPort}/-/ready`).catch(() => undefined))?.status === 200,
      `prometheus ready\n${log.join('')}`,
      30_000,
    );

    // An approved order, as risk would publish it: the paper broker acknowledges it.
    const bus = new RedisStreamStore(redis.url);
    await new StreamPublisher(bus, { source: 'risk-manager' }).publish(
      approvedOrdersStream(),
      ORDER_REQUEST,
      {
        intentId: 'prometheus-intent',
        strategyId: 'ema-mean-reversion',
        mode: 'paper',
        broker: 'paper',
        action: 'ENTER',
        legs: [
          {
            clientOrderId: 'PROMETHEUS000000001',
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
    await bus.close();

    // Both targets scraped successfully at least once (a single scrape may time out on a loaded machine).
    await waitFor(
      async () => (await query('max_over_time(up{job="dalal"}[5m]) == 1')).length === 2,
      'both targets scraped',
      60_000,
    );

    const lag = await waitForSeries(
      'bus_consumer_lag{group="order-execution",stream="risk.approved"}',
      'order-execution lag on risk.approved',
    );
    expect(lag[0]!.metric).toMatchObject({ service: 'order-execution' });

    const ticks = await waitForSeries('feed_ticks_total{feed="replay"} > 0', 'replayed ticks');
    expect(Number(ticks[0]!.value[1])).toBeGreaterThan(0);
    await waitForSeries('sum(bars_published_total) > 0', 'published bars');

    const orders = await waitForSeries('orders_total{broker="paper"} > 0', 'paper orders');
    expect(orders.map((s) => s.metric['status'])).toContain('OPEN');
    await waitForSeries(
      'order_latency_seconds_count{stage="submitted_to_acknowledged"} > 0',
      'broker acknowledgement latency',
    );
    await waitForSeries('order_latency_seconds_count{stage="approved_to_submitted"} > 0', 'approval latency');
    await waitForSeries(
      'bus_messages_total{stream="risk.approved",result="handled"} > 0',
      'handled approvals',
    );

    const rules = await api<{ groups: Array<{ rules: Array<{ name: string; health: string }> }> }>('rules');
    const loaded = rules.groups.flatMap((g) => g.rules);
    expect(loaded).toHaveLength(10);
    expect(loaded.filter((r) => r.health === 'err')).toEqual([]);
  }, 240_000);
});
