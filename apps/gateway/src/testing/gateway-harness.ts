import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type INestApplication } from '@nestjs/common';

import { RedisStreamStore, type StreamStore } from '@dalal/bus';
import { type Envelope } from '@dalal/contracts';
import { type PrismaService } from '@dalal/persistence';
import { startService, stopService } from '@dalal/runtime';
import { RedisServerProcess } from '@dalal/testing';

import { gatewayConfigSchema } from '../config';
import { GatewayModule } from '../gateway.module';
import { freshDatabase } from './fresh-database';

export const TEST_ADMIN = { username: 'admin', password: 'correct horse battery staple' };

/** A response body as the tests read it: whatever JSON the route returned. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- specs walk arbitrary JSON answers
export type JsonBody = any;

export interface GatewayHarness {
  url: string;
  app: INestApplication;
  prisma: PrismaService;
  store: StreamStore;
  /** The clock the gateway reads; tests move it. */
  clock: { now: Date };
  announced: string[];
  dataDir: string;
  /** Logs in as the admin and returns the access token. */
  login(): Promise<string>;
  /** Fetch against the gateway with an optional bearer token; the body is JSON-encoded. */
  call(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: JsonBody; headers: Headers }>;
  /** Every envelope on a stream, oldest first. */
  published(stream: string): Promise<Envelope[]>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  /** Use this admin password (default TEST_ADMIN's); null leaves it unset so one is generated. */
  adminPassword?: string | null;
  now?: Date;
  /** Reuse a data directory (a restart); by default a fresh one is made and removed on close. */
  dataDir?: string;
}

/**
 * The gateway as it runs: its own Nest application through @dalal/runtime, a throwaway redis-server
 * for the bus and a fresh Postgres database, on a free port.
 */
export async function startGateway(options: HarnessOptions = {}): Promise<GatewayHarness> {
  const redis = new RedisServerProcess(20_000 + Math.floor(Math.random() * 20_000));
  await redis.start();
  const database = await freshDatabase();
  const store = new RedisStreamStore(redis.url);
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'dalal-gateway-'));
  const clock = { now: options.now ?? new Date('2026-12-02T05:00:00Z') };
  const announced: string[] = [];
  const config = gatewayConfigSchema.parse({
    REDIS_URL: redis.url,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'fatal',
    ...(options.adminPassword === null
      ? {}
      : { DALAL_ADMIN_PASSWORD: options.adminPassword ?? TEST_ADMIN.password }),
    ...options.env,
  });
  let app: INestApplication;
  try {
    app = await startService({
      name: 'gateway',
      module: GatewayModule.forRoot({
        config,
        prisma: database.prisma,
        now: () => clock.now,
        announce: (line) => announced.push(line),
      }),
      store,
      config: { ...config, PORT: 0 },
    });
  } catch (err) {
    await database.drop();
    await store.close();
    await redis.kill();
    throw err;
  }
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;

  const call: GatewayHarness['call'] = async (method, path, callOptions = {}) => {
    const headers: Record<string, string> = { ...callOptions.headers };
    if (callOptions.token) headers['authorization'] = `Bearer ${callOptions.token}`;
    if (callOptions.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${url}${path}`, {
      method,
      headers,
      body: callOptions.body === undefined ? undefined : JSON.stringify(callOptions.body),
      redirect: 'manual',
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: kept as text
    }
    return { status: response.status, body, headers: response.headers };
  };

  return {
    url,
    app,
    prisma: database.prisma,
    store,
    clock,
    announced,
    dataDir,
    call,
    async login() {
      const { status, body } = await call('POST', '/api/v1/auth/login', { body: TEST_ADMIN });
      if (status !== 200) throw new Error(`login failed: ${status} ${JSON.stringify(body)}`);
      return body.accessToken as string;
    },
    async published(stream) {
      const entries = await store.range(stream);
      return entries.map((entry) => JSON.parse(entry.data ?? 'null') as Envelope);
    },
    async close() {
      await stopService(app);
      await store.close();
      await database.drop();
      await redis.kill();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
