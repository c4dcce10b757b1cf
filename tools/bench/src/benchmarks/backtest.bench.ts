import { performance } from 'node:perf_hooks';

import { runBacktest } from '@dalal/backtest';
import { BarAggregator, calendarFromTradingDays, fromIst, isWeekend, addDays, type Bar } from '@dalal/market';
import { EmaMeanReversion, type PositionView, type StrategyContext } from '@dalal/strategies';

import { type BenchRow } from '../bench-row';

const YEARS = 10;
const DAYS_PER_YEAR = 250;
const ROUNDS = 3;

/** Ten years of 250 sessions × 375 one-minute bars (937,500): a seeded random walk around 20,000. */
function syntheticBars(): { bars: Bar[]; days: string[] } {
  const bars: Bar[] = [];
  const days: string[] = [];
  let seed = 42;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  let price = 20_000;
  let day = '2015-01-01';
  while (days.length < YEARS * DAYS_PER_YEAR) {
    day = addDays(day, 1);
    if (isWeekend(day)) continue;
    days.push(day);
    const open = fromIst(day, '09:15').getTime();
    for (let m = 0; m < 375; m++) {
      const o = price;
      const c = o * (1 + (random() - 0.5) * 0.002);
      const spread = o * random() * 0.0008;
      bars.push({
        time: open + m * 60_000,
        open: o,
        high: Math.max(o, c) + spread,
        low: Math.min(o, c) - spread,
        close: c,
        volume: 0,
      });
      price = c;
    }
  }
  return { bars, days };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
// 20,000-level NIFTY: the SENSEX thresholds scaled by 20,000 / 80,000.
const PARAMS = {
  maxEmaGap: 12.75,
  maxTouchDistance: 5.25,
  takeProfitDistance: 37.5,
  atmRounding: 50,
  afternoonStrikeOffset: -50,
};

/** bars/s for ema-mean-reversion: the indicator + strategy loop alone, and the full backtest. */
export async function backtestBenchmark(): Promise<BenchRow[]> {
  const { bars, days } = syntheticBars();
  const { calendar } = calendarFromTradingDays('NSE', days);

  const view: PositionView = {
    open: null,
    pending: false,
    entriesToday: 0,
  };
  const context: StrategyContext = {
    underlying: 'NIFTY',
    now: 0,
    date: '2015-01-02',
    minuteOfDay: 600,
    lotSize: 75,
    strikeInterval: 50,
    currentExpiry: '2015-01-29',
    premium: () => 100,
  };
  const loop: number[] = [];
  const full: number[] = [];
  let trades = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const strategy = new EmaMeanReversion(PARAMS);
    const aggregator = new BarAggregator(strategy.timeframe);
    let intents = 0;
    let start = performance.now();
    for (let i = 0; i < bars.length; i++) {
      const closed = aggregator.push(bars[i]!);
      for (let c = 0; c < closed.length; c++) intents += strategy.onBar(closed[c]!, view, context).length;
    }
    loop.push(bars.length / ((performance.now() - start) / 1000));
    if (intents < 0) throw new Error('unreachable');

    start = performance.now();
    const result = runBacktest({
      strategy: new EmaMeanReversion(PARAMS),
      bars,
      underlying: 'NIFTY',
      capital: 1_000_000,
      lotSize: 75,
      calendar,
      keepBars: false,
    });
    full.push(bars.length / ((performance.now() - start) / 1000));
    trades = result.trades.length;
  }
  return [
    {
      benchmark: 'backtest',
      metric: `ema-mean-reversion indicator+strategy loop (${bars.length.toLocaleString('en-US')} 1m bars)`,
      value: median(loop),
      unit: 'bars/s',
      target: '≥ 5,000,000',
    },
    {
      benchmark: 'backtest',
      metric: `ema-mean-reversion full backtest (${trades} trades, fills, charges, equity)`,
      value: median(full),
      unit: 'bars/s',
      target: '≥ 1,000,000',
    },
  ];
}
