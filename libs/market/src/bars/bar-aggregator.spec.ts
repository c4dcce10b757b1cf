import { type Bar } from './bar';
import { BarAggregator, resampleBars } from './bar-aggregator';
import { bucketOf } from './session-buckets';
import { fromIst } from '../time/ist';

const at = (time: string, date = '2012-12-03'): number => fromIst(date, time).getTime();
const hhmm = (ms: number): string => new Date(ms + 330 * 60_000).toISOString().slice(11, 16);

/** One-minute bars for a whole session, starting 09:15, price rising by 1 each minute. */
function session(date: string, base = 100): Bar[] {
  const bars: Bar[] = [];
  for (let i = 0; i < 375; i++) {
    const open = base + i;
    bars.push({
      time: at('09:15', date) + i * 60_000,
      open,
      high: open + 2,
      low: open - 1,
      close: open + 1,
      volume: 1,
    });
  }
  return bars;
}

describe('session buckets', () => {
  it('3-minute buckets start at 09:15, 09:18, … counted from the open, not from midnight', () => {
    expect(hhmm(bucketOf(at('09:15'), '3m').start)).toBe('09:15');
    expect(hhmm(bucketOf(at('09:17'), '3m').start)).toBe('09:15');
    expect(hhmm(bucketOf(at('09:18'), '3m').start)).toBe('09:18');
    expect(hhmm(bucketOf(at('15:27'), '3m').end)).toBe('15:30');
  });

  it('hourly buckets are 09:15–10:15 … and the last one is 15:15–15:30', () => {
    expect(hhmm(bucketOf(at('10:14'), '1h').start)).toBe('09:15');
    expect(hhmm(bucketOf(at('10:15'), '1h').start)).toBe('10:15');
    const last = bucketOf(at('15:29'), '1h');
    expect([hhmm(last.start), hhmm(last.end)]).toEqual(['15:15', '15:30']);
  });

  it('a daily bucket is the 09:15–15:30 session', () => {
    const day = bucketOf(at('13:00'), '1d');
    expect([hhmm(day.start), hhmm(day.end)]).toEqual(['09:15', '15:30']);
  });
});

describe('BarAggregator', () => {
  it('closes a 3-minute bar when its last minute arrives, with first open, extreme high/low, last close', () => {
    const agg = new BarAggregator('3m');
    const bars = session('2012-12-03');
    expect(agg.push(bars[0]!)).toEqual([]);
    expect(agg.push(bars[1]!)).toEqual([]);
    expect(agg.push(bars[2]!)).toEqual([
      { time: at('09:15'), open: 100, high: 104, low: 99, close: 103, volume: 3 },
    ]);
  });

  it('a session gives 125 three-minute, 25 fifteen-minute, 7 hourly and 1 daily bar', () => {
    const bars = session('2012-12-03');
    expect(resampleBars(bars, '3m')).toHaveLength(125);
    expect(resampleBars(bars, '5m')).toHaveLength(75);
    expect(resampleBars(bars, '15m')).toHaveLength(25);
    const hourly = resampleBars(bars, '1h');
    expect(hourly.map((b) => hhmm(b.time))).toEqual([
      '09:15',
      '10:15',
      '11:15',
      '12:15',
      '13:15',
      '14:15',
      '15:15',
    ]);
    expect(hourly[6]).toMatchObject({ open: 460, close: 475 });
    expect(resampleBars(bars, '1d')).toEqual([
      { time: at('09:15'), open: 100, high: 476, low: 99, close: 475, volume: 375 },
    ]);
  });

  it('a gap closes the open bucket when a later bucket starts, and flush returns a partial bar', () => {
    const agg = new BarAggregator('3m');
    const bars = session('2012-12-03');
    agg.push(bars[0]!); // 09:15
    const closed = agg.push(bars[4]!); // 09:19: the 09:15 bucket never got 09:16/09:17
    expect(closed.map((b) => hhmm(b.time))).toEqual(['09:15']);
    expect(agg.flush()).toMatchObject({ time: at('09:18'), open: 104 });
    expect(agg.flush()).toBeUndefined();
  });

  it('days stay apart: the first bar of the next session never joins the previous day', () => {
    const bars = [...session('2012-12-03'), ...session('2012-12-04', 500)];
    const daily = resampleBars(bars, '1d');
    expect(daily).toHaveLength(2);
    expect(daily[1]).toMatchObject({ time: at('09:15', '2012-12-04'), open: 500 });
  });

  it('refuses out-of-order bars and timeframes the source cannot build', () => {
    const agg = new BarAggregator('3m');
    const bars = session('2012-12-03');
    agg.push(bars[1]!);
    expect(() => agg.push(bars[0]!)).toThrow('not after the previous one');
    expect(() => new BarAggregator('5m', 3)).toThrow('cannot build 5m bars from 3-minute bars');
  });
});
