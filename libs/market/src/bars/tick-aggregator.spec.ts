import { type Bar } from './bar';
import { resampleBars } from './bar-aggregator';
import { TIMEFRAMES } from './bar';
import { TickAggregator, aggregateTicks, type PriceTick, type TickBar } from './tick-aggregator';
import { fromIst } from '../time/ist';

const at = (time: string, date = '2012-12-03'): number => fromIst(date, time).getTime();
const hhmm = (ms: number): string => new Date(ms + 330 * 60_000).toISOString().slice(11, 16);
const tick = (time: string, price: string, volume?: number, date?: string): PriceTick => ({
  time: at(time, date),
  price,
  ...(volume === undefined ? {} : { volume }),
});

/** A seeded walk of 1-minute bars through a session, prices on the 0.05 grid, as numbers. */
function minuteBars(date: string, seed = 7): Bar[] {
  let s = seed;
  const rnd = () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const snap = (x: number) => Math.round(x * 20) / 20;
  const bars: Bar[] = [];
  let price = 5_900;
  for (let i = 0; i < 375; i++) {
    const open = snap(price);
    const close = snap(open + (rnd() - 0.5) * 8);
    const high = snap(Math.max(open, close) + rnd() * 3);
    const low = snap(Math.min(open, close) - rnd() * 3);
    bars.push({ time: at('09:15', date) + i * 60_000, open, high, low, close, volume: 0 });
    price = close;
  }
  return bars;
}

/** The replay's path through a bar: open at its start, the nearer extreme at +¼, the other at +½, close 1 s before its end. */
function replayTicks(bars: readonly Bar[]): PriceTick[] {
  return bars.flatMap((b) => {
    const up = b.close >= b.open;
    const [first, second] = up ? [b.low, b.high] : [b.high, b.low];
    return [
      { time: b.time, price: String(b.open) },
      { time: b.time + 15_000, price: String(first) },
      { time: b.time + 30_000, price: String(second) },
      { time: b.time + 59_000, price: String(b.close) },
    ];
  });
}

const asNumbers = (bars: readonly TickBar[]): Bar[] =>
  bars.map((b) => ({
    time: b.time,
    open: Number(b.open),
    high: Number(b.high),
    low: Number(b.low),
    close: Number(b.close),
    volume: b.volume,
  }));

describe('TickAggregator', () => {
  it('ticks replayed from 1-minute bars make the same 3m bars as the backtest resampler makes from the bars', () => {
    const bars = [...minuteBars('2012-12-03'), ...minuteBars('2012-12-04', 11)];
    const live = asNumbers(aggregateTicks(replayTicks(bars), '3m'));
    expect(live).toHaveLength(250);
    expect(live).toEqual(resampleBars(bars, '3m'));
  });

  it.each(TIMEFRAMES.filter((t) => t !== '3m'))('the same holds for %s bars', (timeframe) => {
    const bars = minuteBars('2012-12-05', 3);
    expect(asNumbers(aggregateTicks(replayTicks(bars), timeframe))).toEqual(resampleBars(bars, timeframe));
  });

  it('closes a 3-minute bar when the first tick of 09:18 arrives, not before', () => {
    const agg = new TickAggregator('3m');
    expect(agg.push(tick('09:15:00', '100.05'))).toEqual([]);
    expect(agg.push(tick('09:16:10', '101.50'))).toEqual([]);
    expect(agg.push(tick('09:17:59', '99.95'))).toEqual([]);
    expect(agg.forming()).toMatchObject({ open: '100.05', high: '101.50', low: '99.95', close: '99.95' });
    const [closed] = agg.push(tick('09:18:00', '100'));
    expect(closed).toEqual({
      time: at('09:15'),
      end: at('09:18'),
      open: '100.05',
      high: '101.50',
      low: '99.95',
      close: '99.95',
      volume: 0,
      ticks: 3,
    });
  });

  it('keeps prices as the exact strings the feed sent', () => {
    const [bar] = aggregateTicks([tick('10:00', '24150.10'), tick('10:00:30', '24150.1')], '1m');
    expect(bar).toMatchObject({ open: '24150.10', high: '24150.10', close: '24150.1' });
  });

  it('closeUpTo closes a bar whose bucket has ended even when no later tick comes (illiquid strike)', () => {
    const agg = new TickAggregator('5m');
    agg.push(tick('09:31:12', '12.40'));
    expect(agg.closeUpTo(at('09:34:59'))).toEqual([]);
    expect(agg.closeUpTo(at('09:35')).map((b) => hhmm(b.time))).toEqual(['09:30']);
    expect(agg.forming()).toBeUndefined();
  });

  it('the last hourly bar is 15:15–15:30 and the session close closes it', () => {
    const agg = new TickAggregator('1h');
    agg.push(tick('15:14:59', '200'));
    const [h1415] = agg.push(tick('15:15:00', '201'));
    expect(hhmm(h1415!.time)).toBe('14:15');
    const [last] = agg.closeUpTo(at('15:30'));
    expect([hhmm(last!.time), hhmm(last!.end)]).toEqual(['15:15', '15:30']);
  });

  it('bar volume is the rise of the cumulative day volume; the first bar of the day counts from zero', () => {
    const agg = new TickAggregator('1m');
    agg.push(tick('09:15:01', '100', 1_500));
    agg.push(tick('09:15:40', '100.5', 2_000));
    const [first] = agg.push(tick('09:16:02', '101', 2_600));
    expect(first!.volume).toBe(2_000);
    const [second] = agg.closeUpTo(at('09:17'));
    expect(second!.volume).toBe(600);
  });

  it('a feed joined mid-session does not put the whole day volume in its first bar', () => {
    const agg = new TickAggregator('1m');
    agg.push(tick('11:00:01', '100', 900_000));
    agg.push(tick('11:00:30', '100', 900_050));
    expect(agg.closeUpTo(at('11:01'))[0]!.volume).toBe(50);
  });

  it('drops late ticks for a closed bar and ticks outside the session, and counts them', () => {
    const agg = new TickAggregator('1m');
    agg.push(tick('09:10', '100')); // pre-open
    agg.push(tick('09:15:10', '100'));
    agg.push(tick('09:16:10', '101'));
    expect(agg.push(tick('09:15:50', '99'))).toEqual([]); // the 09:15 bar is out already
    agg.push(tick('15:31', '102')); // closing session
    expect(agg.counts()).toEqual({ accepted: 2, late: 1, outsideSession: 2 });
  });

  it('a gap candle merged after ticks extends the bar, and one ending the bucket closes it', () => {
    const agg = new TickAggregator('3m');
    agg.push(tick('09:15:05', '100', 10));
    const merged = agg.pushBar({
      time: at('09:16'),
      end: at('09:17'),
      open: '100',
      high: '103',
      low: '98.5',
      close: '102',
      volume: 40,
    });
    expect(merged).toEqual([]);
    const [bar] = agg.pushBar({
      time: at('09:17'),
      end: at('09:18'),
      open: '102',
      high: '102.5',
      low: '101',
      close: '101.5',
      volume: 5,
    });
    expect(bar).toMatchObject({ open: '100', high: '103', low: '98.5', close: '101.5', volume: 55 });
    // A candle for the minute live ticks already counted replaces their volume, it does not add to it.
    const replaced = new TickAggregator('1m');
    replaced.push(tick('09:20:05', '100', 10));
    replaced.push(tick('09:20:20', '100.5', 14));
    const [minute] = replaced.pushBar({
      time: at('09:20'),
      end: at('09:21'),
      open: '100',
      high: '101',
      low: '99.9',
      close: '100.8',
      volume: 30,
    });
    expect(minute).toMatchObject({ high: '101', low: '99.9', close: '100.8', volume: 30 });
    // Cumulative 10 before the candles, +45 from them: a live tick at 60 brings 5.
    agg.push(tick('09:18:01', '101.6', 60));
    expect(agg.forming()!.volume).toBe(5);
  });
});
