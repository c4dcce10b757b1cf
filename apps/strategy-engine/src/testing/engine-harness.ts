import { randomBytes } from 'node:crypto';

import { Client } from 'pg';

import { type Bar } from '@dalal/contracts';
import { fromIst } from '@dalal/market';
import { openDatabase, type PrismaService } from '@dalal/persistence';
import { NO_INTENTS, STRATEGIES, type Strategy, type StrategyDefinition } from '@dalal/strategies';

const TEST_POSTGRES_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh Postgres database, migrated by our applier, dropped by `drop`. */
export async function freshDatabase(): Promise<{ prisma: PrismaService; drop: () => Promise<void> }> {
  const name = `dalal_engine_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  const prisma = await openDatabase({ kind: 'postgres', url: url.toString() });
  return {
    prisma,
    drop: async () => {
      await prisma.close();
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

export interface InstanceSeed {
  id: string;
  strategyId: string;
  underlying?: string;
  timeframe?: string;
  params?: Record<string, unknown>;
  mode?: 'paper' | 'live';
  enabled?: boolean;
}

/** A configured strategy run, stored the way the gateway stores one. */
export async function storeInstance(prisma: PrismaService, seed: InstanceSeed): Promise<void> {
  await prisma.strategyInstance.create({
    data: {
      id: seed.id,
      strategyId: seed.strategyId,
      underlying: seed.underlying ?? 'NIFTY',
      timeframe: seed.timeframe ?? '1m',
      params: (seed.params ?? {}) as object,
      mode: seed.mode ?? 'paper',
      enabled: seed.enabled ?? true,
      updatedAt: new Date(),
    },
  });
}

/** Closed 1-minute `NIFTY 50` bars as market-data publishes them, from `start` (IST) on `date`. */
export function niftyBars(closes: readonly number[], start = '09:15', date = '2026-12-01'): Bar[] {
  return indexBars('NSE', 'NIFTY 50', closes, start, date);
}

/** Closed 1-minute bars of an index as market-data names it (e.g. BSE `SENSEX`). */
export function indexBars(
  exchange: Bar['exchange'],
  instrument: string,
  closes: readonly number[],
  start = '09:15',
  date = '2026-12-01',
): Bar[] {
  const first = fromIst(date, start).getTime();
  return closes.map((close, i) => {
    const open = first + i * 60_000;
    return {
      instrument,
      exchange,
      timeframe: '1m',
      openTime: new Date(open).toISOString(),
      closeTime: new Date(open + 60_000).toISOString(),
      open: close.toFixed(2),
      high: (close + 5).toFixed(2),
      low: (close - 5).toFixed(2),
      close: close.toFixed(2),
      volume: 0,
      closed: true,
    };
  });
}

/**
 * SMA 2 × SMA 3 on these closes: below until the fifth bar, whose close crosses above — one CE entry on
 * the fifth bar at strike 24100.
 */
export const CROSS_UP_CLOSES = [24000, 23990, 23980, 23970, 24100] as const;
export const FAST_SMA = { fastPeriod: 2, slowPeriod: 3 } as const;

/** A strategy whose indicator fails on its `failOn`-th bar (a bug in a strategy, as the engine sees it). */
export function failingDefinition(failOn: number): StrategyDefinition {
  return {
    id: 'failing',
    description: 'throws on a given bar',
    presets: {},
    riskDefaults: {},
    create: () => {
      let seen = 0;
      const strategy: Strategy & { params: Record<string, unknown> } = {
        id: 'failing',
        timeframe: '1m',
        params: {},
        onBar: () => {
          seen++;
          if (seen >= failOn) throw new Error('indicator state corrupt');
          return NO_INTENTS;
        },
      };
      return strategy;
    },
  };
}

export const withFailing = (failOn: number): Readonly<Record<string, StrategyDefinition>> => ({
  ...STRATEGIES,
  failing: failingDefinition(failOn),
});
