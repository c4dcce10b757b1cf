import { type Bar } from '@dalal/market';

import { type ZoneSignal } from './hourly-zones.params';
import { type WeekView } from './weekly-context';

/** Bullish signals sell puts (stop below the price); bearish ones sell calls (stop above). */
const BULLISH: ReadonlySet<ZoneSignal> = new Set<ZoneSignal>(['S1', 'S2', 'S4', 'S7']);

export function isBullish(signal: ZoneSignal): boolean {
  return BULLISH.has(signal);
}

export interface SignalThresholds {
  readonly s1MinBody: number;
  readonly retestTolerance: number;
}

/**
 * Whether `signal`'s entry rule holds on this closed hourly bar (docs/strategies/hourly-zones.md has
 * the reasoning). Pure: the bar and its weekly context decide.
 */
export function signalFires(signal: ZoneSignal, bar: Bar, week: WeekView, t: SignalThresholds): boolean {
  const first = week.firstBar;
  const green = bar.close > bar.open;
  const red = bar.close < bar.open;
  if (signal === 'S1') {
    // The week opens with a strong green hour above last week's close.
    return week.isFirstBar && green && bar.close - bar.open >= t.s1MinBody && bar.close > week.previous.close;
  }
  if (signal === 'S2') {
    // Dipped into last week's lower zone and closed green back above it.
    return bar.low <= week.lowerZone.top && bar.close > week.lowerZone.top && green;
  }
  if (signal === 'S3') {
    // Reached into last week's upper zone without taking its high, closed red back below it.
    return (
      bar.high >= week.upperZone.bottom &&
      bar.high <= week.previous.high &&
      bar.close < week.upperZone.bottom &&
      red
    );
  }
  if (signal === 'S6') {
    // Traded above last week's high and closed red back below it: a failed breakout.
    return bar.high > week.previous.high && bar.close < week.previous.high && red;
  }
  // The first-bar signals need a bar after the first one.
  if (week.isFirstBar || week.previousClose === null) return false;
  const previousClose = week.previousClose;
  switch (signal) {
    case 'S4': // the first hourly close above the first bar's high
      return bar.close > first.high && previousClose <= first.high;
    case 'S5': // the first hourly close below the first bar's low
      return bar.close < first.low && previousClose >= first.low;
    // The hour before closed beyond the first bar (it was not the first bar, whose close is inside
    // its own range): the break has happened, and this hour retests it.
    case 'S7': // after a break above the first bar, a pull-back to its high holds
      return (
        previousClose > first.high &&
        bar.low <= first.high + t.retestTolerance &&
        bar.close > first.high &&
        green
      );
    case 'S8': // after a break below the first bar, a pull-back to its low holds
      return (
        previousClose < first.low && bar.high >= first.low - t.retestTolerance && bar.close < first.low && red
      );
    default:
      return false;
  }
}

/** The level an hourly close must go beyond to stop the signal's position. */
export function stopLevel(signal: ZoneSignal, week: WeekView): number {
  const first = week.firstBar;
  switch (signal) {
    case 'S1':
      return first.low - Math.abs(first.open - first.close);
    case 'S2':
      return week.lowerZone.bottom;
    case 'S3':
    case 'S6':
      return week.previous.high;
    case 'S4':
    case 'S7':
      return first.low;
    case 'S5':
    case 'S8':
      return first.high;
  }
}

/** Stops act on an hourly close strictly beyond the level; a wick through it that closes back inside does not count. */
export function closeBeyondStop(signal: ZoneSignal, close: number, stop: number): boolean {
  return isBullish(signal) ? close < stop : close > stop;
}

const RULES: Readonly<Record<ZoneSignal, string>> = {
  S1: 'strong green first hour of the week above last week’s close',
  S2: 'rejected last week’s lower zone',
  S3: 'rejected last week’s upper zone below its high',
  S4: 'first hourly close above the week’s first-bar high',
  S5: 'first hourly close below the week’s first-bar low',
  S6: 'failed breakout above last week’s high',
  S7: 'retest of the first-bar high held',
  S8: 'retest of the first-bar low held',
};

export function signalRule(signal: ZoneSignal): string {
  return RULES[signal];
}
