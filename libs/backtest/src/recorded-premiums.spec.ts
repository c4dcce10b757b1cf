import { calendarFromTradingDays, fromIst, type Bar } from '@dalal/market';
import { OptionPriceTable } from '@dalal/simulator';
import { NO_INTENTS, type Intent, type Strategy } from '@dalal/strategies';

import { runBacktest } from './engine';

const FILE = 'options.csv';
const CE_5900 = { optionType: 'CE', strike: 5900, expiry: '2012-12-27' } as const;
const at = (time: string) => fromIst('2012-12-03', time).getTime();
const underlying = (time: string): Bar => ({
  time: at(time),
  open: 5900,
  high: 5905,
  low: 5895,
  close: 5901,
  volume: 0,
});

describe('runBacktest on recorded premiums', () => {
  // Ten hand-made underlying minutes from 09:15 and a recorded CE whose minute i opens at 100 + i.
  const times = Array.from({ length: 10 }, (_, i) => `09:${String(15 + i).padStart(2, '0')}`);
  const bars = times.map(underlying);
  const csv = [
    'timestamp,expiry,strike,type,open,high,low,close',
    ...times.map(
      (time, i) =>
        `2012-12-03T${time}:00+05:30,2012-12-27,5900,CE,${100 + i},${101 + i},${99 + i},${100.5 + i}`,
    ),
  ].join('\n');

  /** One CE lot entered on the close of minute 2 and exited on the close of minute 6. */
  const strategy = (): Strategy => {
    let index = -1;
    return {
      id: 'scripted',
      timeframe: '1m',
      onBar: (_bar, position, context): readonly Intent[] => {
        index++;
        if (index === 2)
          return [
            {
              kind: 'ENTER',
              tag: 'CE',
              legs: [{ optionType: 'CE', strike: 5900, expiry: context.currentExpiry, side: 'BUY', lots: 1 }],
              reason: 'script',
              indicators: { premium: context.premium(CE_5900) },
            },
          ];
        if (index === 6 && position.open) return [{ kind: 'EXIT', reason: 'script', indicators: {} }];
        return NO_INTENTS;
      },
    };
  };

  it('fills at the recorded option open plus slippage, and the strategy sees recorded closes', () => {
    const result = runBacktest({
      strategy: strategy(),
      bars,
      underlying: 'NIFTY',
      capital: 500_000,
      lotSize: 50,
      calendar: calendarFromTradingDays('NSE', ['2012-12-03']).calendar,
      premiums: new OptionPriceTable(csv, FILE, 'start'),
    });
    expect(result.premiumModel).toBe('data');
    expect(result.notes.join('\n')).not.toContain('Black-Scholes');
    const trade = result.trades[0]!;
    expect(trade.indicators.premium).toBe(102.5); // minute 2's recorded close
    expect(trade.legs[0]).toMatchObject({ expiry: '2012-12-27', entryPrice: 103.05, exitPrice: 106.95 });
    expect(Number(trade.grossPnl)).toBeCloseTo((106.95 - 103.05) * 50, 2);
  });
});
