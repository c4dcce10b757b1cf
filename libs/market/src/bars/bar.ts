import { BarError } from './bar-error';

/**
 * One OHLCV bar. `time` is the epoch milliseconds of the bar's START (a 09:15 3-minute bar covers
 * [09:15, 09:18) IST). Prices are plain numbers: bars are analytics input on the hot path; money
 * becomes `Decimal` only at fills (see @dalal/domain).
 */
export interface Bar {
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

export const TIMEFRAMES = ['1m', '3m', '5m', '15m', '30m', '1h', '1d'] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];

const MINUTES: Readonly<Record<Timeframe, number>> = {
  '1m': 1,
  '3m': 3,
  '5m': 5,
  '15m': 15,
  '30m': 30,
  '1h': 60,
  '1d': 375,
};

export function isTimeframe(value: string): value is Timeframe {
  return (TIMEFRAMES as readonly string[]).includes(value);
}

export function parseTimeframe(value: string): Timeframe {
  if (!isTimeframe(value)) {
    throw new BarError('INVALID_TIMEFRAME', `unknown timeframe "${value}" (known: ${TIMEFRAMES.join(', ')})`);
  }
  return value;
}

/** Length in minutes; `1d` is the 375-minute NSE/BSE continuous session. */
export function timeframeMinutes(timeframe: Timeframe): number {
  return MINUTES[timeframe];
}
