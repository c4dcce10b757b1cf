import { assertFinite, IndicatorError } from './indicator-error';

/** The high, low and close of one bar: what range-based indicators (ATR, SuperTrend, Stochastic) read. */
export interface HlcBar {
  readonly high: number;
  readonly low: number;
  readonly close: number;
}

/** A bar with its end time (epoch ms) and volume: what session-anchored VWAP reads. */
export interface TimedBar extends HlcBar {
  readonly time: number;
  readonly volume: number;
}

/** Validates a bar in place (no copy): finite fields and low ≤ high. */
export function assertHlcBar(name: string, bar: HlcBar): void {
  assertFinite(name, bar.high);
  assertFinite(name, bar.low);
  assertFinite(name, bar.close);
  if (bar.low > bar.high) {
    throw new IndicatorError('INVALID_INPUT', `${name}: bar low ${bar.low} is above its high ${bar.high}`);
  }
}
