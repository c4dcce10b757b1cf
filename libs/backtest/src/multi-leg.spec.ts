import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { calendarFromTradingDays, istDate, type Bar } from '@dalal/market';
import { BlackScholesPremiums } from '@dalal/simulator';
import { NO_INTENTS, type Intent, type OptionLeg, type PositionView, type Strategy } from '@dalal/strategies';

import { parseBarsCsv } from './csv-bars';
import { runBacktest } from './engine';

const FILE = join(__dirname, '../../../../shared/data/nifty-2012-12-1m.csv');
const NIFTY = parseBarsCsv(readFileSync(FILE, 'utf8'), { file: FILE, barLabel: 'end' });
const calendar = calendarFromTradingDays('NSE', [
  ...new Set(NIFTY.map((b) => istDate(new Date(b.time)))),
]).calendar;
const model = new BlackScholesPremiums({ volatility: 0.15, rate: 0.065 });
const tick = (price: number) => Math.round(price / 0.05) * 0.05;

type LegSpec = Omit<OptionLeg, 'expiry'>;
const CONDOR: LegSpec[] = [
  { optionType: 'PE', strike: 5700, side: 'BUY', lots: 1 },
  { optionType: 'PE', strike: 5800, side: 'SELL', lots: 1 },
  { optionType: 'CE', strike: 6000, side: 'SELL', lots: 1 },
  { optionType: 'CE', strike: 6100, side: 'BUY', lots: 1 },
];

/** Enters `legs` on the close of 3m strategy bar `enterAt`, exits on `exitAt`, and keeps every view. */
function scripted(legs: LegSpec[], enterAt: number, exitAt: number) {
  const views: PositionView[] = [];
  let index = -1;
  const strategy: Strategy = {
    id: 'scripted-multi-leg',
    timeframe: '3m',
    onBar: (_bar, position, context): readonly Intent[] => {
      index++;
      views.push({ ...position });
      if (index === enterAt && position.open === null) {
        return [
          {
            kind: 'ENTER',
            tag: 'IRON_CONDOR',
            legs: legs.map((leg) => ({ ...leg, expiry: context.currentExpiry })),
            reason: 'script',
            indicators: {},
          },
        ];
      }
      if (index === exitAt && position.open !== null)
        return [{ kind: 'EXIT', reason: 'script', indicators: {} }];
      return NO_INTENTS;
    },
  };
  return { strategy, views };
}

const run = (strategy: Strategy, bars: readonly Bar[]) =>
  runBacktest({ strategy, bars, underlying: 'NIFTY', capital: 500_000, lotSize: 50, calendar });

describe('multi-leg entries in the backtester', () => {
  const day = NIFTY.slice(0, 375);
  const { strategy, views } = scripted(CONDOR, 5, 10);
  const result = run(strategy, day);
  const trade = result.trades[0]!;

  it('fills every leg at the next bar open: buys one tick above the model premium, sells one below', () => {
    expect(result.trades).toHaveLength(1);
    const entryBar = day.find((b) => b.time === Date.parse(trade.entryTime))!;
    const exitBar = day.find((b) => b.time === Date.parse(trade.exitTime))!;
    expect(trade.legs.map((leg) => `${leg.side} ${leg.strike} ${leg.optionType}`)).toEqual([
      'BUY 5700 PE',
      'SELL 5800 PE',
      'SELL 6000 CE',
      'BUY 6100 CE',
    ]);
    for (const leg of trade.legs) {
      const slip = leg.side === 'BUY' ? 0.05 : -0.05;
      expect(leg.entryPrice).toBeCloseTo(tick(model.optionBar(leg, entryBar).open + slip), 9);
      expect(leg.exitPrice).toBeCloseTo(tick(model.optionBar(leg, exitBar).open - slip), 9);
      expect(leg.quantity).toBe(50);
    }
  });

  it('gross P&L sums the legs with their signs; charges cover all eight fills', () => {
    const gross = trade.legs.reduce(
      (sum, leg) => sum + (leg.side === 'BUY' ? 1 : -1) * leg.quantity * (leg.exitPrice - leg.entryPrice),
      0,
    );
    expect(Number(trade.grossPnl)).toBeCloseTo(gross, 2);
    expect(Number(trade.charges)).toBeGreaterThan(8 * 20 - 0.01); // ₹20 brokerage on each fill at least
    expect(Number(trade.netPnl)).toBeCloseTo(Number(trade.grossPnl) - Number(trade.charges), 2);
    expect(result.metrics.finalEquity).toBeCloseTo(500_000 + Number(trade.netPnl), 2);
  });

  it('the position view shows the legs as filled and a credit as a negative net premium', () => {
    const held = views[6]!.open!;
    expect(held.tag).toBe('IRON_CONDOR');
    expect(held.legs.map((leg) => [leg.side, leg.strike, leg.entryPrice])).toEqual(
      trade.legs.map((leg) => [leg.side, leg.strike, leg.entryPrice]),
    );
    const net = trade.legs.reduce((sum, leg) => sum + (leg.side === 'BUY' ? 1 : -1) * leg.entryPrice, 0);
    expect(net).toBeLessThan(0);
    expect(held.entryPremium).toBeCloseTo(net, 9);
    expect(held.currentPremium).toBeLessThan(0);
  });
});

describe('multi-leg expiry', () => {
  it('short legs still open after their expiry day settle at intrinsic value on its last close', () => {
    const expiryAndNext = NIFTY.filter((b) =>
      ['2012-12-27', '2012-12-28'].includes(istDate(new Date(b.time))),
    );
    const straddle: LegSpec[] = [
      { optionType: 'CE', strike: 5850, side: 'SELL', lots: 1 },
      { optionType: 'PE', strike: 5850, side: 'SELL', lots: 1 },
    ];
    const { strategy } = scripted(straddle, 10, 9_999);
    const trade = run(strategy, expiryAndNext).trades[0]!;
    const lastClose = expiryAndNext.filter((b) => istDate(new Date(b.time)) === '2012-12-27').at(-1)!.close;
    expect(trade.exitReason).toBe('expiry');
    expect(trade.legs[0]!.exitPrice).toBeCloseTo(Math.max(0, lastClose - 5850), 9);
    expect(trade.legs[1]!.exitPrice).toBeCloseTo(Math.max(0, 5850 - lastClose), 9);
  });
});
