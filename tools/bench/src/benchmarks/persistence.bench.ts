import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

import { BarsRepository, InstrumentsRepository, openDatabase, type BarRecord } from '@dalal/persistence';

import { type BenchRow } from '../bench-row';

const ADMIN_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BARS = 1_000_000;
const INSTRUMENTS = 20;
// One round of each keeps `npm run bench -- persistence` near 30 s; the two runs alternate when raised.
const ROUNDS = 1;
const MINUTE = 60_000;

function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** 1-minute bars for a handful of instruments, prices on a 0.05 tick, built before any clock starts. */
function makeBars(instrumentIds: number[]): BarRecord[] {
  const perInstrument = BARS / instrumentIds.length;
  const start = Date.parse('2020-01-01T03:45:00Z');
  const bars: BarRecord[] = [];
  for (const instrumentId of instrumentIds) {
    let price = 20000;
    for (let i = 0; i < perInstrument; i++) {
      price += ((i * 7919) % 11) - 5;
      const open = (price * 0.05).toFixed(2);
      bars.push({
        instrumentId,
        timeframe: '1m',
        openTime: new Date(start + i * MINUTE).toISOString(),
        closeTime: new Date(start + (i + 1) * MINUTE).toISOString(),
        open,
        high: ((price + 3) * 0.05).toFixed(2),
        low: ((price - 3) * 0.05).toFixed(2),
        close: ((price + 1) * 0.05).toFixed(2),
        volume: (i % 1000) * 75,
      });
    }
  }
  return bars;
}

/** The raw floor: one COPY FROM STDIN of the same rows through pg, text format. */
async function rawCopy(client: Client, bars: readonly BarRecord[]): Promise<number> {
  await client.query('TRUNCATE bars');
  const t0 = performance.now();
  const lines = (function* () {
    const CHUNK = 10_000;
    for (let i = 0; i < bars.length; i += CHUNK) {
      let text = '';
      for (const b of bars.slice(i, i + CHUNK)) {
        text += `${b.instrumentId}\t${b.timeframe}\t${String(b.openTime)}\t${String(b.closeTime)}\t${b.open.toString()}\t${b.high.toString()}\t${b.low.toString()}\t${b.close.toString()}\t${b.volume.toString()}\n`;
      }
      yield text;
    }
  })();
  await pipeline(
    Readable.from(lines),
    client.query(
      copyFrom(
        'COPY bars (instrument_id, timeframe, open_time, close_time, open, high, low, close, volume) FROM STDIN',
      ),
    ),
  );
  return bars.length / ((performance.now() - t0) / 1000);
}

async function throughRepository(
  client: Client,
  repo: BarsRepository,
  bars: readonly BarRecord[],
): Promise<number> {
  await client.query('TRUNCATE bars');
  const t0 = performance.now();
  const inserted = await repo.saveBars(bars);
  const seconds = (performance.now() - t0) / 1000;
  if (inserted !== bars.length) throw new Error(`saveBars inserted ${inserted} of ${bars.length}`);
  return bars.length / seconds;
}

/**
 * Bulk insert of 1,000,000 bars into a fresh Postgres database: BarsRepository.saveBars (Prisma, one
 * unnest statement per 20,000 rows) against a raw COPY of the same rows through pg, alternating rounds.
 */
export async function persistenceBenchmark(): Promise<BenchRow[]> {
  const name = `dalal_bench_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const prisma = await openDatabase({ kind: 'postgres', url: databaseUrl(name) });
  const raw = new Client({ connectionString: databaseUrl(name) });
  await raw.connect();
  try {
    const instruments = new InstrumentsRepository(prisma);
    const ids: number[] = [];
    for (let i = 0; i < INSTRUMENTS; i++) {
      ids.push(
        await instruments.ensureInstrument({ exchange: 'NFO', symbol: `BENCH${i}`, kind: 'INDEX_OPTION' }),
      );
    }
    const bars = makeBars(ids);
    const repo = new BarsRepository(prisma);
    const copyRates: number[] = [];
    const repoRates: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      copyRates.push(await rawCopy(raw, bars));
      repoRates.push(await throughRepository(raw, repo, bars));
    }
    const best = (xs: number[]) => Math.max(...xs);
    return [
      {
        benchmark: 'persistence',
        metric: `saveBars ${BARS.toLocaleString('en-US')} bars vs raw COPY${ROUNDS > 1 ? ` (best of ${ROUNDS})` : ''}`,
        value: best(repoRates),
        unit: 'rows/s',
        baseline: best(copyRates),
        target: '≥ 30% of raw',
      },
    ];
  } finally {
    await raw.end();
    await prisma.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
