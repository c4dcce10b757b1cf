import { performance } from 'node:perf_hooks';

import {
  TickValidator,
  emptyKiteParseStats,
  kiteTickToTick,
  parseKiteMessage,
  type KiteTick,
} from '@dalal/brokers';
import { encodeKiteMessage, encodeKitePacket, type FakeKiteTick } from '@dalal/fakes';

import { type BenchRow, percentile } from '../bench-row';

const PACKETS_PER_MESSAGE = 100;
const MESSAGES = 2_000;
const ROUNDS = 5;
const TARGET = '≥ 500,000 ticks/s';

/** 100 NFO option tokens moving a few paise per message, the shape of a busy option-chain stream. */
function messages(mode: 'quote' | 'full'): Buffer[] {
  const out: Buffer[] = [];
  for (let m = 0; m < MESSAGES; m++) {
    const packets = Array.from({ length: PACKETS_PER_MESSAGE }, (_, i) => {
      const tick: FakeKiteTick = {
        token: ((10_000 + i) << 8) | 2,
        lastPrice: (150 + i + (m % 20) * 0.05).toFixed(2),
        lastQuantity: 75,
        averagePrice: '150.10',
        volume: 100_000 + m,
        buyQuantity: 1000,
        sellQuantity: 1200,
        ohlc: { open: '150.00', high: '190.00', low: '120.00', close: '148.00' },
        exchangeTimestamp: 1_764_661_500 + m,
        lastTradeTime: 1_764_661_500 + m,
        oi: 5_000_000,
        depth: {
          buy: [{ price: '150.00', quantity: 75, orders: 1 }],
          sell: [{ price: '150.05', quantity: 150, orders: 2 }],
        },
      };
      return encodeKitePacket(tick, mode);
    });
    out.push(encodeKiteMessage(packets));
  }
  return out;
}

function rate(run: () => number): number {
  const rates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    const ticks = run();
    rates.push(ticks / ((performance.now() - start) / 1000));
  }
  return percentile(
    rates.sort((a, b) => a - b),
    50,
  );
}

function parseOnly(frames: Buffer[]): number {
  const stats = emptyKiteParseStats();
  const out: KiteTick[] = [];
  let ticks = 0;
  for (const frame of frames) {
    parseKiteMessage(frame, stats, out);
    ticks += out.length;
    out.length = 0;
  }
  return ticks;
}

function parseMapValidate(frames: Buffer[]): number {
  const stats = emptyKiteParseStats();
  const validator = new TickValidator();
  const receivedAt = new Date('2025-12-02T05:00:00Z');
  const out: KiteTick[] = [];
  let accepted = 0;
  for (const frame of frames) {
    parseKiteMessage(frame, stats, out);
    for (const kiteTick of out) {
      const tick = kiteTickToTick(kiteTick, receivedAt);
      if (tick && validator.check(tick).ok) accepted++;
    }
    out.length = 0;
  }
  // Count every parsed tick: rejected ones were processed too.
  return accepted > 0 ? stats.packets : 0;
}

/**
 * Kite binary parse throughput on one core, and parse → contract tick → validation. Bar aggregation
 * is not included: `@dalal/market` exports a bar resampler (BarAggregator over bars), not a streaming
 * tick aggregator yet.
 */
export async function feedsBenchmark(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const mode of ['quote', 'full'] as const) {
    const frames = messages(mode);
    parseOnly(frames); // warm up
    rows.push({
      benchmark: 'feeds',
      metric: `kite ${mode} parse`,
      value: rate(() => parseOnly(frames)),
      unit: 'ticks/s',
      target: TARGET,
    });
    parseMapValidate(frames);
    rows.push({
      benchmark: 'feeds',
      metric: `kite ${mode} parse+map+validate`,
      value: rate(() => parseMapValidate(frames)),
      unit: 'ticks/s',
      target: TARGET,
    });
  }
  return rows;
}
