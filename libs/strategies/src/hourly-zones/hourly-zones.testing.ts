import { blackScholesPrice, istDate, istMinuteOfDay, timeToExpiryYears, type Bar } from '@dalal/market';

import { HourlyZones } from './hourly-zones';
import { type HourlyZonesInput } from './hourly-zones.params';
import { type EnterIntent, type Intent, type PositionView, type StrategyContext } from '../strategy';
import { barAt, context, flatView } from '../testing';

/**
 * Hand-made hourly bars for the hourly-zones specs. The previous week (Mon 2 – Fri 6 Feb 2026) leaves:
 * high 25,400 and highest hourly close 25,300 → upper zone 25,300–25,400; low 24,600 and lowest hourly
 * close 24,700 → lower zone 24,600–24,700; last close 25,000. This week starts Mon 9 Feb.
 */
export const PREVIOUS_WEEK: readonly Bar[] = [
  barAt('09:15', { open: 25_000, high: 25_100, low: 24_950, close: 25_050 }, '2026-02-02'),
  barAt('10:15', { open: 25_050, high: 25_400, low: 25_040, close: 25_300 }, '2026-02-02'),
  barAt('09:15', { open: 25_300, high: 25_310, low: 24_600, close: 24_700 }, '2026-02-03'),
  barAt('14:15', { open: 24_700, high: 25_010, low: 24_690, close: 25_000 }, '2026-02-06'),
];

export const THIS_MONDAY = '2026-02-09';
export const EXPIRY = '2026-02-12';

/** A bar of this week, Monday unless `date` says otherwise. */
export const hour = (
  time: string,
  ohlc: { open: number; high?: number; low?: number; close: number },
  date = THIS_MONDAY,
): Bar => barAt(time, ohlc, date);

/** The week's first hourly bar when a spec does not care: green, body 20 (too small for S1). */
export const QUIET_FIRST_BAR = hour('09:15', { open: 25_000, high: 25_060, low: 24_940, close: 25_020 });

/** The context of a closed hourly bar: NIFTY, 50-point strikes, Black-Scholes at 15% on its close. */
export function contextOf(bar: Bar, overrides: Partial<StrategyContext> = {}): StrategyContext {
  const now = bar.time + 60 * 60_000;
  return context(istMinuteOfDay(now), {
    underlying: 'NIFTY',
    now,
    date: istDate(new Date(bar.time)),
    lotSize: 75,
    strikeInterval: 50,
    currentExpiry: EXPIRY,
    premium: ({ optionType, strike, expiry }) =>
      blackScholesPrice({
        type: optionType,
        spot: bar.close,
        strike,
        timeToExpiry: timeToExpiryYears(new Date(now), expiry),
        rate: 0.065,
        volatility: 0.15,
      }),
    ...overrides,
  });
}

/**
 * Feeds the previous week and then `bars` to a fresh strategy, every bar flat; returns what the last
 * bar produced (with `lastView` as its position view).
 */
export function lastIntents(
  bars: readonly Bar[],
  params: HourlyZonesInput = {},
  lastView: PositionView = flatView(),
  strategy = new HourlyZones(params),
): readonly Intent[] {
  const all = [...PREVIOUS_WEEK, ...bars];
  let intents: readonly Intent[] = [];
  all.forEach((bar, i) => {
    intents = strategy.onBar(bar, i === all.length - 1 ? lastView : flatView(), contextOf(bar));
  });
  return intents;
}

export function onlyEntry(intents: readonly Intent[]): EnterIntent {
  const [intent] = intents;
  if (intents.length !== 1 || intent?.kind !== 'ENTER') {
    throw new Error(`expected one ENTER, got ${JSON.stringify(intents)}`);
  }
  return intent;
}
