import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import autocannon from 'autocannon';
import { Client } from 'pg';
import { WebSocket } from 'ws';

import { RedisStreamStore, StreamPublisher } from '@dalal/bus';
import { ORDER_EVENT, orderEventsStream } from '@dalal/contracts';
import { openDatabase } from '@dalal/persistence';
import { RedisServerProcess } from '@dalal/testing';

import { type BenchRow, percentile } from '../bench-row';

const POSTGRES = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const ROOT = join(__dirname, '..', '..', '..', '..');
const PASSWORD = 'bench-password-not-secret';
const POSITIONS = 20;
const HTTP_SECONDS = 8;
const HTTP_CONNECTIONS = 50;
const WS_CLIENTS = 100;
const WS_RATE = 1_000;
const WS_SECONDS = 5;

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: POSTGRES });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function waitForHealth(url: string, deadlineMs = 60_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    try {
      if ((await fetch(`${url}/api/v1/health`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('gateway did not start');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * The gateway as deployed (its own process, Redis, Postgres, LOG_LEVEL=warn): GET /api/v1/positions
 * with a JWT under autocannon, and the WebSocket fan-out of order events published on the bus to 100
 * subscribed clients, latency from the envelope's timestamp to each client's receipt.
 */
export async function gatewayBenchmark(): Promise<BenchRow[]> {
  const dbName = `dalal_bench_gw_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${dbName}`);
  const dbUrl = new URL(POSTGRES);
  dbUrl.pathname = `/${dbName}`;
  const redis = new RedisServerProcess(18_900 + Math.floor(Math.random() * 500));
  await redis.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'dalal-bench-gw-'));
  const port = 19_400 + Math.floor(Math.random() * 500);
  const url = `http://127.0.0.1:${port}`;

  const prisma = await openDatabase({ kind: 'postgres', url: dbUrl.toString() });
  const now = new Date();
  await prisma.position.createMany({
    data: Array.from({ length: POSITIONS }, (_, i) => ({
      mode: 'paper' as const,
      strategyId: 'bench',
      exchange: 'NFO',
      instrument: `NIFTY26D08${25_000 + i * 50}CE`,
      netQuantity: '75',
      openCost: '9003.75',
      realizedPnl: '0',
      updatedAt: now,
    })),
  });
  await prisma.close();

  const child = spawn(
    process.execPath,
    [
      '--max-semi-space-size=32',
      '-r',
      join(ROOT, 'tools/register.js'),
      join(ROOT, 'apps/gateway/src/main.ts'),
    ],
    {
      cwd: ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        PORT: String(port),
        REDIS_URL: redis.url,
        DATABASE_URL: dbUrl.toString(),
        DATA_DIR: dataDir,
        DALAL_ADMIN_PASSWORD: PASSWORD,
        LOG_LEVEL: 'warn',
        // One client (this bench) sends far more than a person or script would.
        API_RATE_PER_MINUTE: '100000000',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const store = new RedisStreamStore(redis.url);
  const sockets: WebSocket[] = [];
  try {
    await waitForHealth(url);
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };

    const http = await autocannon({
      url: `${url}/api/v1/positions`,
      connections: HTTP_CONNECTIONS,
      duration: HTTP_SECONDS,
      headers: { authorization: `Bearer ${accessToken}` },
    });
    if (http.non2xx > 0 || http.errors > 0)
      throw new Error(`positions bench: ${http.non2xx} non-2xx answers, ${http.errors} errors`);

    // 100 clients on the orders channel.
    const latencies: number[] = [];
    for (let i = 0; i < WS_CLIENTS; i++) {
      const socket = new WebSocket(
        `${url.replace('http', 'ws')}/api/v1/ws?token=${encodeURIComponent(accessToken)}`,
      );
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.on('message', (data) => {
          const frame = JSON.parse(data.toString()) as { type: string; ts?: string };
          if (frame.type === 'welcome')
            socket.send(JSON.stringify({ type: 'subscribe', channels: ['orders'] }));
          else if (frame.type === 'subscribed') resolve();
          else if (frame.type === 'event' && frame.ts) latencies.push(Date.now() - Date.parse(frame.ts));
        });
      });
      sockets.push(socket);
    }
    const publisher = new StreamPublisher(store, { source: 'bench' });
    const total = WS_RATE * WS_SECONDS;
    const started = Date.now();
    for (let i = 0; i < total; i += 10) {
      // 10 every 10 ms: 1,000 a second, paced against the wall clock.
      const due = started + (i / WS_RATE) * 1000;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      await publisher.publishMany(
        orderEventsStream(),
        ORDER_EVENT,
        Array.from({ length: 10 }, (_, k) => ({
          clientOrderId: `bench-${i + k}`,
          state: 'OPEN' as const,
          quantity: 75,
          filledQuantity: 0,
          at: new Date().toISOString(),
        })),
      );
    }
    const expected = total * WS_CLIENTS;
    const deadline = Date.now() + 30_000;
    while (latencies.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const sorted = latencies.sort((a, b) => a - b);
    const delivered = latencies.length / expected;

    return [
      {
        benchmark: 'gateway',
        metric: 'GET /api/v1/positions (20 rows, JWT)',
        value: http.requests.average,
        unit: 'req/s',
        target: '≥ 5,000',
      },
      {
        benchmark: 'gateway',
        metric: 'GET /api/v1/positions p99 latency',
        value: http.latency.p99,
        unit: 'ms',
      },
      {
        benchmark: 'gateway',
        metric: `WS fan-out ${WS_RATE}/s to ${WS_CLIENTS} clients delivered`,
        value: delivered * 100,
        unit: '%',
      },
      {
        benchmark: 'gateway',
        metric: 'WS bus → client latency p50',
        value: percentile(sorted, 50),
        unit: 'ms',
      },
      {
        benchmark: 'gateway',
        metric: 'WS bus → client latency p99',
        value: percentile(sorted, 99),
        unit: 'ms',
      },
    ];
  } finally {
    for (const socket of sockets) socket.terminate();
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await store.close();
    await redis.kill();
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
