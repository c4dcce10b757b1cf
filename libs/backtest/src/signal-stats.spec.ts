import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Decimal, ZERO } from '@dalal/domain';
import { calendarFromTradingDays, istDate } from '@dalal/market';
import { parseRiskLimits } from '@dalal/risk';
import { ZONE_SIGNALS, strategyDefinition, strategyPreset } from '@dalal/strategies';

import { parseBarsCsv } from './csv-bars';
import { runBacktest, type BacktestResult, type BacktestTrade, type Decision } from './engine';
import { computeMetrics } from './metrics';
import { signalStats } from './signal-stats';

const H = 3_600_000;
const T0 = Date.parse('2026-02-09T04:30:00Z'); // 10:00 IST
const at = (hours: number) => new Date(T0 + hours * H).toISOString();

function trade(
  id: number,
  tag: string,
  entry: number,
  exit: number,
  net: string,
  exitReason: string,
): BacktestTrade {
  return {
    id,
    tag,
    lots: 1,
    quantity: 75,
    signalTime: at(entry - 1),
    entryTime: at(entry),
    exitSignalTime: at(exit - 1),
    exitTime: at(exit),
    entryReason: `${tag}: hand-made`,
    exitReason,
    legs: [],
    grossPnl: net,
    charges: '0.00',
    netPnl: net,
    underlyingAtEntry: 0,
    underlyingAtExit: 0,
    indicators: {},
    exitIndicators: {},
  };
}

const decision = (reason: string, rejected: string | null = null): Decision => ({
  time: T0,
  kind: 'ENTER',
  reason,
  indicators: {},
  rejected,
  code: null,
  intentId: reason,
  lots: rejected === null ? 1 : null,
});

function result(
  trades: BacktestTrade[],
  equity: Array<[number, number]>,
  decisions: Decision[] = [],
): BacktestResult {
  const points = equity.map(([hours, value]) => ({ time: T0 + hours * H, equity: value }));
  const net = trades.reduce((sum, t) => sum.plus(new Decimal(t.netPnl)), ZERO);
  return {
    strategyId: 'hourly-zones',
    timeframe: '1h',
    underlying: 'NIFTY',
    capital: 100_000,
    lotSize: 75,
    sourceBars: 0,
    strategyBars: points.length,
    trades,
    decisions,
    equity: points,
    bars: [],
    metrics: computeMetrics({
      capital: 100_000,
      trades,
      equity: points,
      grossPnl: net,
      charges: ZERO,
      netPnl: net,
      barsInMarket: 0,
      strategyBars: points.length,
    }),
    premiumModel: 'black-scholes',
    notes: [],
  };
}

describe('per-signal statistics from a backtest result', () => {
  // S4 loses 150 (open P&L −100, −300, −180 at the closes it was held), S2 wins 300 (open −50 then
  // +320), S4 again wins 50 (open +20 only). Equity = 100,000 + realized before the trade + open P&L.
  const trades = [
    trade(1, 'S4', 0, 3, '-150.00', 'stop_loss'),
    trade(2, 'S2', 4, 6, '300.00', 'take_profit'),
    trade(3, 'S4', 7, 8, '50.00', 'take_profit'),
  ];
  const equity: Array<[number, number]> = [
    [0, 100_000], // the entry bar's close: before the fill, not counted
    [1, 99_900],
    [2, 99_700],
    [3, 99_820],
    [4, 99_850],
    [5, 99_800],
    [6, 100_170],
    [7, 100_150],
    [8, 100_170],
  ];
  const decisions = [
    decision('S4: a'),
    decision('S2: b'),
    decision('S4: c'),
    decision('S4: d', 'daily loss'),
  ];
  const stats = signalStats(result(trades, equity, decisions), ZONE_SIGNALS, ['S2', 'S4']);

  it('counts trades, wins, win rate, net and average P&L per signal', () => {
    expect(stats['S4']).toMatchObject({
      active: true,
      trades: 2,
      wins: 1,
      winRate: 0.5,
      netPnl: '-100.00',
      averagePnl: '-50.00',
      exits: { stop_loss: 1, take_profit: 1 },
    });
    expect(stats['S2']).toMatchObject({
      trades: 1,
      wins: 1,
      winRate: 1,
      netPnl: '300.00',
      averagePnl: '300.00',
    });
  });

  it('the maximum adverse excursion is the worst open P&L at a close while a trade of the signal was open', () => {
    expect(stats['S4']!.maxAdverseExcursion).toBe('-300.00');
    expect(stats['S2']!.maxAdverseExcursion).toBe('-50.00');
  });

  it('counts the entries each signal fired and those risk refused', () => {
    expect(stats['S4']).toMatchObject({ fired: 3, refused: 1 });
    expect(stats['S2']).toMatchObject({ fired: 1, refused: 0 });
  });

  it('keys every signal, inactive and silent ones with zeros and no rates', () => {
    expect(Object.keys(stats)).toEqual(['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8']);
    expect(stats['S1']).toEqual({
      active: false,
      fired: 0,
      refused: 0,
      trades: 0,
      wins: 0,
      winRate: null,
      netPnl: '0.00',
      averagePnl: null,
      maxAdverseExcursion: null,
      exits: {},
    });
  });

  it('a trade with no adverse close has an excursion of 0', () => {
    const calm = signalStats(
      result(
        [trade(1, 'S7', 0, 2, '40.00', 'take_profit')],
        [
          [0, 100_000],
          [1, 100_010],
          [2, 100_040],
        ],
      ),
      ['S7'],
    );
    expect(calm['S7']!.maxAdverseExcursion).toBe('0.00');
  });

  it('overlapping trades make the equity curve ambiguous: no excursion rather than a wrong one', () => {
    const overlapping = [
      trade(1, 'S4', 0, 5, '10.00', 'take_profit'),
      trade(2, 'S5', 2, 6, '10.00', 'stop_loss'),
    ];
    const both = signalStats(result(overlapping, equity), ['S4', 'S5']);
    expect(both['S4']!.maxAdverseExcursion).toBeNull();
    expect(both['S4']!.trades).toBe(1);
  });

  it('finds the signal in the entry reason when the tag is not a signal id', () => {
    const tagged = { ...trade(1, 'S3', 0, 1, '5.00', 'take_profit'), tag: 'CE' };
    expect(
      signalStats(
        result(
          [tagged],
          [
            [0, 100_000],
            [1, 100_005],
          ],
        ),
        ['S3'],
      )['S3']!.trades,
    ).toBe(1);
  });
});

describe('per-signal statistics of hourly-zones over NIFTY Dec 2012 (nifty-2012 preset)', () => {
  const file = join(__dirname, '../../../../shared/data/nifty-2012-12-1m.csv');
  const bars = parseBarsCsv(readFileSync(file, 'utf8'), { file, barLabel: 'end' });
  const calendar = calendarFromTradingDays('NSE', [
    ...new Set(bars.map((b) => istDate(new Date(b.time)))),
  ]).calendar;
  const definition = strategyDefinition('hourly-zones');
  const preset = strategyPreset(definition, 'nifty-2012');
  const run = runBacktest({
    strategy: definition.create(preset.params),
    bars,
    underlying: 'NIFTY',
    capital: 500_000,
    lotSize: preset.lotSize,
    calendar,
    risk: parseRiskLimits(definition.riskDefaults),
  });
  const stats = signalStats(run, ZONE_SIGNALS);

  it('every trade belongs to exactly one signal and the signals’ net adds up to the run’s', () => {
    expect(run.trades.length).toBeGreaterThan(0);
    const values = Object.values(stats);
    expect(values.reduce((sum, s) => sum + s.trades, 0)).toBe(run.trades.length);
    const net = values.reduce((sum, s) => sum + Number(s.netPnl), 0);
    expect(net).toBeCloseTo(Number(run.metrics.netPnl), 2);
    expect(values.reduce((sum, s) => sum + s.fired, 0)).toBe(
      run.decisions.filter((d) => d.kind === 'ENTER').length,
    );
  });

  it('every traded signal has an excursion, never above 0', () => {
    for (const s of Object.values(stats)) {
      if (s.trades === 0) continue;
      expect(s.maxAdverseExcursion).not.toBeNull();
      expect(Number(s.maxAdverseExcursion)).toBeLessThanOrEqual(0);
    }
  });
});
