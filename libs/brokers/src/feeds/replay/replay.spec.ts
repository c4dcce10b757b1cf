import { readFileSync } from 'node:fs';

import { type Bar, type Tick } from '@dalal/contracts';

import { gbmSimulatorFeed, gbmTicks, intradayVolatilityShape } from './gbm-simulator';
import { ohlcvEvents, ohlcvReplayFeed, parseOhlcvCsv } from './ohlcv-replay';
import { sharedPath } from '../testing/shared-fixtures';

const niftyCsv = readFileSync(sharedPath('data', 'nifty-2012-12-1m.csv'), 'utf8');
const firstBars = niftyCsv.split('\n').slice(0, 4).join('\n');

describe('OHLCV replay', () => {
  it('parses the shipped NIFTY minutes: 7,500 rows with offsets and 2-decimal prices', () => {
    const rows = parseOhlcvCsv(niftyCsv);
    expect(rows).toHaveLength(7500);
    expect(rows[0]).toMatchObject({
      timestamp: '2012-12-03T09:16:00+05:30',
      open: '5882.30',
      close: '5873.15',
    });
  });

  it('a down bar plays open → high → low → close inside the minute it covers (labelled by its end)', () => {
    const events = ohlcvEvents(parseOhlcvCsv(firstBars).slice(0, 1), {
      instrument: 'NIFTY',
      exchange: 'NSE',
    });
    expect(events.map((e) => [e.tick!.ltp, e.tick!.exchangeTs])).toEqual([
      ['5882.30', '2012-12-03T03:45:00.000Z'],
      ['5884.25', '2012-12-03T03:45:15.000Z'],
      ['5873.10', '2012-12-03T03:45:30.000Z'],
      ['5873.15', '2012-12-03T03:45:59.000Z'],
    ]);
  });

  it('plays ticks and bars of the subscribed instrument as fast as it can, in order', async () => {
    const feed = ohlcvReplayFeed(firstBars, { instrument: 'NIFTY', exchange: 'NSE', emit: 'both' });
    const ticks: Tick[] = [];
    const bars: Bar[] = [];
    feed.onTick((t) => ticks.push(t));
    feed.onBar((b) => bars.push(b));
    feed.subscribe(['NIFTY']);
    await feed.connect();
    await feed.done;
    expect(ticks).toHaveLength(12);
    expect(bars.map((b) => [b.openTime, b.close])).toEqual([
      ['2012-12-03T03:45:00.000Z', '5873.15'],
      ['2012-12-03T03:46:00.000Z', '5873.85'],
      ['2012-12-03T03:47:00.000Z', bars[2]!.close],
    ]);
    await feed.close();
  });

  it('paces by market time over speed: three minutes at 60× take about three seconds of fake time', async () => {
    let wall = 0;
    const feed = ohlcvReplayFeed(firstBars, {
      instrument: 'NIFTY',
      exchange: 'NSE',
      emit: 'bars',
      speed: 60,
      now: () => wall,
    });
    const seenAt: number[] = [];
    feed.onBar(() => seenAt.push(wall));
    feed.subscribe(['NIFTY']);
    // Each sleep is a real timer; advance the fake wall clock to where the feed wants to be.
    const advance = setInterval(() => (wall += 250), 1);
    await feed.connect();
    await feed.done;
    clearInterval(advance);
    expect(seenAt).toHaveLength(3);
    expect(seenAt[1]! - seenAt[0]!).toBeGreaterThanOrEqual(1000);
    expect(seenAt[2]! - seenAt[0]!).toBeGreaterThanOrEqual(2000);
  });

  it('sends nothing for an instrument nobody subscribed to, and stops on close', async () => {
    const feed = ohlcvReplayFeed(niftyCsv, { instrument: 'NIFTY', exchange: 'NSE' });
    let count = 0;
    feed.onTick(() => count++);
    await feed.connect();
    await feed.close();
    expect(count).toBe(0);
  });

  it('refuses a CSV without the expected header or a timestamp without an offset', () => {
    expect(() => parseOhlcvCsv('a,b\n1,2')).toThrow(/header/);
    expect(() =>
      parseOhlcvCsv('timestamp,open,high,low,close,volume\n2012-12-03T09:16:00,1,1,1,1,0'),
    ).toThrow(/offset/);
  });
});

describe('GBM simulator', () => {
  const options = {
    instrument: 'NIFTY',
    exchange: 'NSE' as const,
    date: '2025-12-02',
    startPrice: '24000.00',
    volatility: 0.15,
    seed: 42,
  };

  it('is deterministic for a seed and different for another', () => {
    const a = [...gbmTicks(options)].map((e) => e.tick!.ltp);
    const b = [...gbmTicks(options)].map((e) => e.tick!.ltp);
    const c = [...gbmTicks({ ...options, seed: 43 })].map((e) => e.tick!.ltp);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('ticks every second of the 09:15–15:30 session on the 0.05 grid, starting at the given price', () => {
    const events = [...gbmTicks(options)];
    expect(events).toHaveLength(375 * 60);
    expect(events[0]!.tick).toMatchObject({ ltp: '24000.00', exchangeTs: '2025-12-02T03:45:00.000Z' });
    expect(events.at(-1)!.tick!.exchangeTs).toBe('2025-12-02T09:59:59.000Z');
    expect(events.every((e) => Math.round(Number(e.tick!.ltp) * 100) % 5 === 0)).toBe(true);
  });

  it('moves more near the open and the close than at midday (U-shaped volatility)', () => {
    expect(intradayVolatilityShape(0, 1.5)).toBe(2.5);
    expect(intradayVolatilityShape(0.5, 1.5)).toBe(1);
    const prices = [...gbmTicks({ ...options, volatility: 0.3 })].map((e) => Number(e.tick!.ltp));
    const meanMove = (from: number, to: number) => {
      let sum = 0;
      for (let i = from + 1; i < to; i++) sum += Math.abs(Math.log(prices[i]! / prices[i - 1]!));
      return sum / (to - from - 1);
    };
    const mid = meanMove(10_000, 12_000);
    expect(meanMove(0, 2000)).toBeGreaterThan(1.5 * mid);
    expect(meanMove(prices.length - 2000, prices.length)).toBeGreaterThan(1.5 * mid);
  });

  it('no session on a holiday means no ticks', () => {
    expect([...gbmTicks({ ...options, date: '2025-12-25' })]).toEqual([]);
  });

  it('plays as a MarketFeed', async () => {
    const feed = gbmSimulatorFeed({ ...options, tickIntervalMs: 60_000 });
    const ticks: Tick[] = [];
    feed.onTick((t) => ticks.push(t));
    feed.subscribe(['NIFTY']);
    await feed.connect();
    await feed.done;
    expect(ticks).toHaveLength(375);
  });
});
