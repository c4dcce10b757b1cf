import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ohlcvEvents, parseOhlcvCsv } from '@dalal/brokers';
import { type Bar, type Tick } from '@dalal/contracts';
import { resampleBars, type Bar as NumericBar } from '@dalal/market';

import { BarBuilder } from './bar-builder';

const CSV = join(__dirname, '..', '..', '..', '..', '..', 'shared', 'data', 'nifty-2012-12-1m.csv');

const tick = (exchangeTs: string, ltp: string, volume?: number): Tick => ({
  instrument: 'NIFTY 50',
  exchange: 'NSE',
  ltp,
  exchangeTs,
  ...(volume === undefined ? {} : { volume }),
});

const numeric = (bars: readonly Bar[]): NumericBar[] =>
  bars.map((b) => ({
    time: Date.parse(b.openTime),
    open: Number(b.open),
    high: Number(b.high),
    low: Number(b.low),
    close: Number(b.close),
    volume: b.volume,
  }));

describe('BarBuilder', () => {
  it('December 2012 NIFTY replayed as ticks makes the bars the backtest resampler makes from the CSV, in every timeframe', () => {
    const rows = parseOhlcvCsv(readFileSync(CSV, 'utf8'));
    const events = ohlcvEvents(rows, { instrument: 'NIFTY 50', exchange: 'NSE' });
    const builder = new BarBuilder({ timeframes: ['1m', '3m', '5m', '15m', '1h', '1d'], outlierBandPct: 10 });
    const live: Bar[] = [];
    for (const e of events) {
      const outcome = builder.tick(e.tick!);
      if (outcome.ok) live.push(...outcome.closed);
    }
    live.push(...builder.closeUpTo(Number.POSITIVE_INFINITY));
    const minutes: NumericBar[] = rows.map((r) => ({
      time: r.atMs - 60_000,
      open: Number(r.open),
      high: Number(r.high),
      low: Number(r.low),
      close: Number(r.close),
      volume: 0,
    }));
    for (const timeframe of ['1m', '3m', '5m', '15m', '1h', '1d'] as const) {
      const ours = numeric(live.filter((b) => b.timeframe === timeframe));
      expect(ours).toEqual(resampleBars(minutes, timeframe));
    }
    expect(live.filter((b) => b.timeframe === '1d')).toHaveLength(20);
    // Duplicate ticks (a flat minute repeats its price at the same second) are the validator's business.
    expect(builder.validation().outlier).toBe(0);
  });

  it('bars carry the feed’s decimal strings and bucket times as UTC ISO', () => {
    const builder = new BarBuilder({ timeframes: ['3m'] });
    builder.tick(tick('2026-12-01T03:45:00.000Z', '24150.05', 1_000));
    builder.tick(tick('2026-12-01T03:46:30.000Z', '24160.10', 1_600));
    const outcome = builder.tick(tick('2026-12-01T03:48:00.000Z', '24158', 2_000));
    expect(outcome).toEqual({
      ok: true,
      forming: [],
      closed: [
        {
          instrument: 'NIFTY 50',
          exchange: 'NSE',
          timeframe: '3m',
          openTime: '2026-12-01T03:45:00.000Z',
          closeTime: '2026-12-01T03:48:00.000Z',
          open: '24150.05',
          high: '24160.10',
          low: '24150.05',
          close: '24160.10',
          volume: 1_600,
          closed: true,
        },
      ],
    });
  });

  it('rejects an outlier before it reaches a bar', () => {
    const builder = new BarBuilder({ timeframes: ['1m'], outlierBandPct: 5 });
    builder.tick(tick('2026-12-01T03:45:01.000Z', '100'));
    expect(builder.tick(tick('2026-12-01T03:45:02.000Z', '150'))).toEqual({ ok: false, reason: 'outlier' });
    expect(builder.closeUpTo(Date.parse('2026-12-01T03:46:00.000Z'))[0]).toMatchObject({ high: '100' });
  });

  it('forming bars, when asked for, come at most once a second of market time', () => {
    const builder = new BarBuilder({ timeframes: ['5m'], publishForming: true });
    const a = builder.tick(tick('2026-12-01T03:45:00.000Z', '100'));
    const b = builder.tick(tick('2026-12-01T03:45:00.500Z', '101'));
    const c = builder.tick(tick('2026-12-01T03:45:01.000Z', '102'));
    expect([a, b, c].map((o) => (o.ok ? o.forming.length : -1))).toEqual([1, 0, 1]);
    expect(c.ok && c.forming[0]).toMatchObject({ closed: false, high: '102' });
  });

  it('fills a gap from candles: the minute that had ticks takes the candle’s volume, later minutes theirs', () => {
    const builder = new BarBuilder({ timeframes: ['1m', '3m'] });
    builder.tick(tick('2026-12-01T03:45:10.000Z', '100', 500));
    const minute = (m: number) => Date.parse('2026-12-01T03:45:00.000Z') + m * 60_000;
    const closed = builder.fillGap({ exchange: 'NSE', instrument: 'NIFTY 50' }, [
      { time: minute(0), end: minute(1), open: '99.5', high: '101', low: '99', close: '100.5', volume: 900 },
      { time: minute(1), end: minute(2), open: '100.5', high: '102', low: '100', close: '101', volume: 300 },
      {
        time: minute(2),
        end: minute(3),
        open: '101',
        high: '101.5',
        low: '100.5',
        close: '101.2',
        volume: 200,
      },
    ]);
    expect(closed.map((b) => `${b.timeframe} ${b.openTime.slice(11, 16)} ${b.volume}`)).toEqual([
      '1m 03:45 900',
      '1m 03:46 300',
      '1m 03:47 200',
      '3m 03:45 1400',
    ]);
    expect(closed.find((b) => b.timeframe === '3m')).toMatchObject({ open: '100', high: '102', low: '99' });
  });
});
