import { dec } from '@dalal/domain';
import { fromIst } from '@dalal/market';

import { computeMetrics, dailyReturns } from './metrics';

const point = (date: string, time: string, equity: number) => ({
  time: fromIst(date, time).getTime(),
  equity,
});
const base = {
  trades: [],
  grossPnl: dec(0),
  charges: dec(0),
  netPnl: dec(0),
  barsInMarket: 0,
  strategyBars: 1,
};

describe('metrics', () => {
  it('max drawdown counts from the capital when equity falls from the first bar', () => {
    const m = computeMetrics({
      ...base,
      capital: 100_000,
      equity: [point('2026-02-02', '09:18', 95_000), point('2026-02-02', '09:21', 97_000)],
    });
    expect(m.maxDrawdown).toBe(5_000);
    expect(m.maxDrawdownPct).toBeCloseTo(5, 9);
  });

  it('drawdown % is of the peak at the time, not of the capital', () => {
    const m = computeMetrics({
      ...base,
      capital: 100_000,
      equity: [point('2026-02-02', '09:18', 200_000), point('2026-02-02', '09:21', 150_000)],
    });
    expect(m.maxDrawdown).toBe(50_000);
    expect(m.maxDrawdownPct).toBeCloseTo(25, 9);
  });

  it('daily returns use each day’s last point (15:30 belongs to its day) and start from the capital', () => {
    const equity = [
      point('2026-02-02', '10:00', 101_000),
      point('2026-02-02', '15:30', 102_000),
      point('2026-02-03', '15:30', 96_900),
    ];
    const r = dailyReturns(100_000, equity);
    expect(r[0]).toBeCloseTo(0.02, 12);
    expect(r[1]).toBeCloseTo(-0.05, 12);
  });

  it('win rate, averages, profit factor and expectancy come from net P&L per trade', () => {
    const trade = (net: string) => ({ netPnl: net }) as never;
    const m = computeMetrics({
      ...base,
      capital: 100_000,
      trades: [trade('300'), trade('-100'), trade('-100')],
      netPnl: dec(100),
      equity: [point('2026-02-02', '15:30', 100_100)],
    });
    expect(m).toMatchObject({
      trades: 3,
      wins: 1,
      losses: 2,
      averageWin: 300,
      averageLoss: -100,
      profitFactor: 1.5,
    });
    expect(m.winRate).toBeCloseTo(1 / 3, 12);
    expect(m.expectancy).toBeCloseTo(100 / 3, 9);
  });
});
