import { fromIst, type Bar } from '@dalal/market';

import { type OpenPositionView, type PositionView, type StrategyContext } from './strategy';

/** Builders for strategy specs: hand-made bars, views and contexts with readable defaults. */
export function barAt(
  time: string,
  ohlc: { open: number; high?: number; low?: number; close: number },
  date = '2026-02-02',
): Bar {
  const high = ohlc.high ?? Math.max(ohlc.open, ohlc.close);
  const low = ohlc.low ?? Math.min(ohlc.open, ohlc.close);
  return { time: fromIst(date, time).getTime(), open: ohlc.open, high, low, close: ohlc.close, volume: 0 };
}

export function flatView(overrides: Partial<PositionView> = {}): PositionView {
  return {
    open: null,
    pending: false,
    entriesToday: 0,
    ...overrides,
  };
}

export function openView(
  tag: string,
  barsHeld: number,
  overrides: Partial<OpenPositionView> = {},
): PositionView {
  return flatView({
    open: {
      tag,
      legs: [],
      entryTime: 0,
      barsHeld,
      entryUnderlying: 0,
      entryPremium: 100,
      currentPremium: 100,
      ...overrides,
    },
  });
}

export function context(minuteOfDay = 600, overrides: Partial<StrategyContext> = {}): StrategyContext {
  return {
    underlying: 'SENSEX',
    now: 0,
    date: '2026-02-02',
    minuteOfDay,
    lotSize: 20,
    strikeInterval: 100,
    currentExpiry: '2026-02-05',
    premium: () => 100,
    ...overrides,
  };
}
