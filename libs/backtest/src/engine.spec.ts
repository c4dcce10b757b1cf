import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { blackScholesPrice, calendarFromTradingDays, istDate, type Bar } from '@dalal/market';
import { parseRiskLimits, type RiskLimits } from '@dalal/risk';
import {
  EMA_MEAN_REVERSION_PRESETS,
  EmaMeanReversion,
  NO_INTENTS,
  type Intent,
  type Strategy,
} from '@dalal/strategies';

import { parseBarsCsv } from './csv-bars';
import { runBacktest } from './engine';

const FILE = join(__dirname, '../../../../shared/data/nifty-2012-12-1m.csv');
const NIFTY = parseBarsCsv(readFileSync(FILE, 'utf8'), { file: FILE, barLabel: 'end' });
const calendarFor = (bars: readonly Bar[]) =>
  calendarFromTradingDays('NSE', [...new Set(bars.map((b) => istDate(new Date(b.time))))]).calendar;

/** Enters one CE lot on the close of strategy bar `enterAt` and exits on the close of `exitAt`. */
function scripted(enterAt: number, exitAt: number): Strategy {
  let index = -1;
  return {
    id: 'scripted',
    timeframe: '3m',
    onBar: (_bar, position, context): readonly Intent[] => {
      index++;
      if (index === enterAt && position.open === null) {
        return [
          {
            kind: 'ENTER',
            tag: 'CE',
            legs: [{ optionType: 'CE', strike: 5900, expiry: context.currentExpiry, side: 'BUY', lots: 1 }],
            reason: 'script',
            indicators: { index },
          },
        ];
      }
      if (index === exitAt && position.open !== null)
        return [{ kind: 'EXIT', reason: 'script', indicators: { index } }];
      return NO_INTENTS;
    },
  };
}

const oneDay = NIFTY.slice(0, 375);
const run = (strategy: Strategy, bars: readonly Bar[] = oneDay, risk?: RiskLimits) =>
  runBacktest({
    strategy,
    bars,
    underlying: 'NIFTY',
    capital: 500_000,
    lotSize: 50,
    calendar: calendarFor(bars),
    risk,
  });

describe('runBacktest', () => {
  it('a decision on a bar close fills at the next bar open (Black-Scholes premium + one tick slippage)', () => {
    const result = run(scripted(5, 10));
    expect(result.trades).toHaveLength(1);
    const trade = result.trades[0]!;
    // strategy bar 5 is 09:30–09:33 IST; the fill is at the 09:33 open
    expect(trade.signalTime).toBe('2012-12-03T04:00:00.000Z');
    expect(trade.entryTime).toBe('2012-12-03T04:03:00.000Z');
    expect(trade.exitTime).toBe('2012-12-03T04:18:00.000Z');
    const fillBar = oneDay.find((b) => b.time === Date.parse(trade.entryTime))!;
    expect(trade.underlyingAtEntry).toBe(fillBar.open);
    const model = blackScholesPrice({
      type: 'CE',
      spot: fillBar.open,
      strike: 5900,
      timeToExpiry: (Date.parse('2012-12-27T10:00:00Z') - fillBar.time) / (365 * 86_400_000),
      rate: 0.065,
      volatility: 0.15,
    });
    expect(trade.legs[0]!.entryPrice).toBeCloseTo(Math.round((model + 0.05) / 0.05) * 0.05, 9);
    expect(trade.legs[0]!).toMatchObject({ expiry: '2012-12-27', quantity: 50 });
  });

  it('charges on every fill; net = gross − charges; final equity = capital + net', () => {
    const result = run(scripted(5, 10));
    const trade = result.trades[0]!;
    expect(Number(trade.charges)).toBeGreaterThan(40); // two ₹20 brokerages at least
    expect(Number(trade.netPnl)).toBeCloseTo(Number(trade.grossPnl) - Number(trade.charges), 2);
    const gross = (trade.legs[0]!.exitPrice - trade.legs[0]!.entryPrice) * 50;
    expect(Number(trade.grossPnl)).toBeCloseTo(gross, 2);
    expect(result.metrics.finalEquity).toBeCloseTo(500_000 + Number(trade.netPnl), 2);
    expect(result.equity.at(-1)!.equity).toBeCloseTo(result.metrics.finalEquity, 2);
    expect(result.notes.join('\n')).toContain('use the 2024-10-01 rates');
  });

  it('a position still open at the end of the data is closed at the last close, reason end_of_data', () => {
    // entering at 15:18 needs a later square-off than the 15:15 default
    const result = run(scripted(120, 999), oneDay, parseRiskLimits({ squareOffAt: '15:30' }));
    expect(result.trades[0]).toMatchObject({ exitReason: 'end_of_data', exitSignalTime: null });
  });

  it('refuses a second entry while a position is open', () => {
    const strategy: Strategy = {
      id: 'greedy',
      timeframe: '3m',
      onBar: (_bar, _position, context) => [
        {
          kind: 'ENTER',
          tag: 'CE',
          legs: [{ optionType: 'CE', strike: 5900, expiry: context.currentExpiry, side: 'BUY', lots: 1 }],
          reason: 'always',
          indicators: {},
        },
      ],
    };
    const result = run(strategy);
    expect(result.decisions.filter((d) => d.rejected === null)).toHaveLength(1);
    expect(result.decisions[1]).toMatchObject({ code: 'MAX_OPEN_POSITIONS', kind: 'ENTER' });
    expect(result.decisions[1]!.rejected).toContain('limit 1');
  });

  it('asks for a lot size rather than guessing one for 2012', () => {
    expect(() =>
      runBacktest({
        strategy: scripted(5, 10),
        bars: oneDay,
        underlying: 'NIFTY',
        capital: 500_000,
        calendar: calendarFor(oneDay),
      }),
    ).toThrow('set one with --set lotSize=N');
  });
});

describe('no look-ahead', () => {
  const bars = NIFTY.slice(0, 375 * 6);
  const strategy = () => new EmaMeanReversion(EMA_MEAN_REVERSION_PRESETS['nifty-2012']!.params);
  const baseline = run(strategy(), bars);

  it('the NIFTY-2012 preset trades over six days', () => {
    expect(baseline.trades.length).toBeGreaterThan(5);
    for (const trade of baseline.trades) {
      expect(Date.parse(trade.entryTime) - Date.parse(trade.signalTime)).toBe(3 * 60_000);
    }
  });

  it.each([375 * 2 + 100, 375 * 4 + 7, 375 * 5 + 200])(
    'changing every bar from index %i on never changes a decision made before it',
    (cut) => {
      const cutTime = bars[cut]!.time;
      // Future bars: shifted up 40 points and with their ranges stretched — a different future.
      const altered = bars.map((b, i) =>
        i < cut
          ? b
          : { ...b, open: b.open + 40, high: b.high + 45, low: b.low + 35, close: b.close + 40 - (i % 7) },
      );
      const result = run(strategy(), altered);
      const before = (d: { time: number }) => d.time + 3 * 60_000 <= cutTime;
      expect(result.decisions.filter(before)).toEqual(baseline.decisions.filter(before));
      const closedBefore = (t: { exitTime: string }) => Date.parse(t.exitTime) < cutTime;
      expect(result.trades.filter(closedBefore)).toEqual(baseline.trades.filter(closedBefore));
      expect(result.decisions.length).toBeGreaterThan(0);
    },
  );
});
