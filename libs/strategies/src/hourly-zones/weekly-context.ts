import { IST_OFFSET_MINUTES, istMinuteOfDay, type Bar } from '@dalal/market';

const MS_PER_DAY = 86_400_000;
const IST_OFFSET_MS = IST_OFFSET_MINUTES * 60_000;
const SESSION_OPEN_MINUTE = 9 * 60 + 15;

/** What the previous week left behind: its range, last close and the extremes of its hourly closes. */
export interface WeekLevels {
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly highestClose: number;
  readonly lowestClose: number;
}

/** A price band; `bottom ≤ top`. */
export interface Zone {
  readonly bottom: number;
  readonly top: number;
}

export interface FirstBar {
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
}

/** The weekly context of one closed hourly bar, from that bar and the bars before it only. */
export interface WeekView {
  readonly previous: WeekLevels;
  /** From the previous week's highest hourly close up to its high: where buyers could not hold on. */
  readonly upperZone: Zone;
  /** From the previous week's low up to its lowest hourly close: where sellers could not hold on. */
  readonly lowerZone: Zone;
  /** This week's first hourly bar. */
  readonly firstBar: FirstBar;
  /** The bar being decided is the week's first hourly bar. */
  readonly isFirstBar: boolean;
  /** Close of the hourly bar before this one in the same week; null on the week's first bar. */
  readonly previousClose: number | null;
}

interface WeekAccumulator {
  high: number;
  low: number;
  close: number;
  highestClose: number;
  lowestClose: number;
}

/** Monday-based week number of an instant's IST date (1970-01-01 was a Thursday). */
export function istWeekOf(time: number): number {
  const epochDay = Math.floor((time + IST_OFFSET_MS) / MS_PER_DAY);
  return Math.floor((epochDay + 3) / 7);
}

function isMondayOpen(time: number): boolean {
  const epochDay = Math.floor((time + IST_OFFSET_MS) / MS_PER_DAY);
  return (epochDay + 3) % 7 === 0 && istMinuteOfDay(time) === SESSION_OPEN_MINUTE;
}

/**
 * Builds the weekly context bar by bar, so it can only know the past: feed every closed hourly bar in
 * time order, each exactly once. A week serves as "the previous week" only if it was seen whole: the
 * very first week of the data counts only when its first bar opens the Monday session (otherwise the
 * data may have started mid-week and its high/low would be wrong), and a week follows it directly (a
 * calendar week without any bar means missing data, never a holiday week, so no context then).
 */
export class WeeklyContext {
  private week = Number.NaN;
  private seenWhole = false;
  private current: WeekAccumulator | null = null;
  private previous: WeekLevels | null = null;
  private firstBar: FirstBar | null = null;
  private lastClose: number | null = null;

  constructor(private readonly zoneMinWidth: number) {}

  /** The context for `bar` (null while no whole previous week is known); then takes the bar in. */
  update(bar: Bar): WeekView | null {
    const week = istWeekOf(bar.time);
    let isFirstBar = false;
    if (week !== this.week) {
      const follows = week === this.week + 1;
      this.previous = follows && this.seenWhole && this.current !== null ? { ...this.current } : null;
      this.seenWhole = Number.isNaN(this.week) ? isMondayOpen(bar.time) : follows;
      this.week = week;
      this.current = {
        high: bar.high,
        low: bar.low,
        close: bar.close,
        highestClose: bar.close,
        lowestClose: bar.close,
      };
      this.firstBar = { open: bar.open, high: bar.high, low: bar.low, close: bar.close };
      this.lastClose = null;
      isFirstBar = true;
    } else {
      const current = this.current!;
      current.high = Math.max(current.high, bar.high);
      current.low = Math.min(current.low, bar.low);
      current.close = bar.close;
      current.highestClose = Math.max(current.highestClose, bar.close);
      current.lowestClose = Math.min(current.lowestClose, bar.close);
    }

    const firstBar = this.firstBar!;
    const view: WeekView | null =
      this.previous === null
        ? null
        : {
            previous: this.previous,
            ...zonesOf(this.previous, this.zoneMinWidth),
            firstBar,
            isFirstBar,
            previousClose: this.lastClose,
          };
    this.lastClose = bar.close;
    return view;
  }
}

/**
 * The zones are the previous week's wicks beyond its hourly closes: price traded there but no hour
 * closed there. A week that closed an hour at its extreme has no wick, so a zone is at least
 * `minWidth` deep (never beyond the week's range).
 */
export function zonesOf(previous: WeekLevels, minWidth: number): { upperZone: Zone; lowerZone: Zone } {
  const upperBottom = Math.max(previous.low, Math.min(previous.highestClose, previous.high - minWidth));
  const lowerTop = Math.min(previous.high, Math.max(previous.lowestClose, previous.low + minWidth));
  return {
    upperZone: { bottom: upperBottom, top: previous.high },
    lowerZone: { bottom: previous.low, top: lowerTop },
  };
}
