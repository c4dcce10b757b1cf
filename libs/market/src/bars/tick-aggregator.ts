import { type Timeframe, timeframeMinutes } from './bar';
import {
  MS_PER_MINUTE,
  SESSION_CLOSE_MINUTE,
  SESSION_OPEN_MINUTE,
  bucketOfMinutes,
  istMidnight,
} from './session-buckets';

/**
 * One trade print as the aggregator needs it. `price` is a decimal string and stays one: the
 * aggregator only compares prices (to find the high and low), it never does arithmetic on them.
 */
export interface PriceTick {
  /** Exchange time, epoch ms. */
  readonly time: number;
  readonly price: string;
  /** The day's cumulative traded volume as brokers send it (Kite `volume_traded`), when known. */
  readonly volume?: number;
}

/**
 * A whole bar of finer resolution merged in one piece (a broker's historical 1-minute candle used to
 * fill a gap); `volume` is the bar's own volume, not cumulative.
 */
export interface PriceBar {
  /** Start of the bar, epoch ms. */
  readonly time: number;
  /** End (exclusive), epoch ms. */
  readonly end: number;
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  readonly volume: number;
}

/** A bar built from ticks: `time`/`end` are its bucket, `ticks` how many prints formed it. */
export interface TickBar extends PriceBar {
  readonly ticks: number;
}

export interface TickAggregatorCounts {
  /** Ticks (and merged bars) that went into a bar. */
  accepted: number;
  /** Ticks for a bucket that had already closed: too late to change a published bar. */
  late: number;
  /** Ticks outside the 09:15–15:30 session (pre-open, closing session), when `sessionOnly`. */
  outsideSession: number;
}

export interface TickAggregatorOptions {
  /** Drop ticks outside the continuous session (default true): bars never start before 09:15 or after 15:30. */
  readonly sessionOnly?: boolean;
}

const NONE: readonly TickBar[] = [];

/**
 * Streaming tick → bar aggregation for one instrument and timeframe, on the same session-aligned
 * buckets as `BarAggregator` (`bucketOfMinutes`: 09:15, 09:18, …; hourly bars 09:15 … 15:15–15:30).
 *
 * A bar closes when a tick of a later bucket arrives, or when the caller says time has passed its end
 * (`closeUpTo`, from a timer or at the session close): ticks alone cannot close the last bar of an
 * illiquid contract. `forming()` shows the bar under construction.
 *
 * Volume: brokers send the day's cumulative volume, so a bar's volume is the rise of that figure over
 * the bar. The first bucket of a day counts from zero; a bar first seen mid-session counts from its
 * first tick (what came before is not this bar's).
 */
export class TickAggregator {
  readonly minutes: number;
  private readonly sessionOnly: boolean;
  private bucketStart = Number.NaN;
  private bucketEnd = Number.NaN;
  private open = '';
  private high = '';
  private low = '';
  private close = '';
  private highN = 0;
  private lowN = 0;
  private volume = 0;
  private ticks = 0;
  /** End of the last bucket that closed: ticks before it are late. */
  private closedUpTo = Number.NEGATIVE_INFINITY;
  /** Cumulative volume at the last tick, and the day it belongs to. */
  private lastCumulative: number | undefined;
  private cumulativeDay = Number.NaN;
  /** The minute of the last tick and the volume counted in it, so a candle for that minute can replace it. */
  private minuteStart = Number.NaN;
  private minuteVolume = 0;
  private readonly tally: TickAggregatorCounts = { accepted: 0, late: 0, outsideSession: 0 };

  constructor(
    readonly timeframe: Timeframe,
    options: TickAggregatorOptions = {},
  ) {
    this.minutes = timeframeMinutes(timeframe);
    this.sessionOnly = options.sessionOnly ?? true;
  }

  /** Adds one tick; returns the bars it closed (at most one: the bucket before the tick's). */
  push(tick: PriceTick): readonly TickBar[] {
    const time = tick.time;
    if (time < this.closedUpTo || time < this.bucketStart) {
      this.tally.late++;
      return NONE;
    }
    if (this.sessionOnly && !inSession(time)) {
      this.tally.outsideSession++;
      return NONE;
    }
    let closed: readonly TickBar[] = NONE;
    if (time >= this.bucketEnd) closed = [this.emit()];
    const volume = this.volumeOf(tick, time);
    const price = tick.price;
    if (Number.isNaN(this.bucketStart)) {
      this.start(time);
      this.open = price;
      this.high = price;
      this.low = price;
      this.highN = this.lowN = Number(price);
    } else {
      const n = Number(price);
      if (n > this.highN) {
        this.highN = n;
        this.high = price;
      } else if (n < this.lowN) {
        this.lowN = n;
        this.low = price;
      }
    }
    this.close = price;
    this.volume += volume;
    const minute = time - (time % MS_PER_MINUTE);
    if (minute !== this.minuteStart) {
      this.minuteStart = minute;
      this.minuteVolume = 0;
    }
    this.minuteVolume += volume;
    this.ticks++;
    this.tally.accepted++;
    return closed;
  }

  /**
   * Merges a finer bar (a historical candle filling a gap) as if its ticks had arrived: it may close
   * the open bucket and opens or extends the bar it falls in. Its volume is added, less what live ticks
   * already counted in the same minute, and the cumulative-volume reference moves on by as much, so the
   * next live tick counts only what came after the candles.
   */
  pushBar(bar: PriceBar): readonly TickBar[] {
    const time = bar.time;
    if (time < this.closedUpTo || time < this.bucketStart) {
      this.tally.late++;
      return NONE;
    }
    if (this.sessionOnly && !inSession(time)) {
      this.tally.outsideSession++;
      return NONE;
    }
    let closed: readonly TickBar[] = NONE;
    if (time >= this.bucketEnd) closed = [this.emit()];
    if (Number.isNaN(this.bucketStart)) {
      this.start(time);
      this.open = bar.open;
      this.high = bar.high;
      this.low = bar.low;
      this.highN = Number(bar.high);
      this.lowN = Number(bar.low);
    } else {
      if (Number(bar.high) > this.highN) {
        this.highN = Number(bar.high);
        this.high = bar.high;
      }
      if (Number(bar.low) < this.lowN) {
        this.lowN = Number(bar.low);
        this.low = bar.low;
      }
    }
    this.close = bar.close;
    // A candle for the minute the last ticks fell in is the whole minute: it replaces their volume.
    const counted = time === this.minuteStart ? this.minuteVolume : 0;
    const added = bar.volume > counted ? bar.volume - counted : 0;
    this.volume += added;
    // The day's cumulative figure moved on by what the candle added: the next live tick counts from there.
    if (this.lastCumulative !== undefined) this.lastCumulative += added;
    this.minuteStart = Number.NaN;
    this.minuteVolume = 0;
    this.ticks++;
    this.tally.accepted++;
    if (this.cumulativeDay !== istMidnight(time)) this.lastCumulative = undefined;
    this.cumulativeDay = istMidnight(time);
    if (bar.end >= this.bucketEnd) {
      const last = this.emit();
      return closed.length > 0 ? [...closed, last] : [last];
    }
    return closed;
  }

  /** Closes the open bar if its bucket ends at or before `time` (a timer, the session close, end of data). */
  closeUpTo(time: number): readonly TickBar[] {
    return this.bucketEnd <= time ? [this.emit()] : NONE;
  }

  /** The bar under construction (`closed: false` on the wire), or undefined between bars. */
  forming(): TickBar | undefined {
    return Number.isNaN(this.bucketStart) ? undefined : this.snapshot();
  }

  /** End (exclusive) of the bucket under construction, or NaN when none is open. */
  get openBucketEnd(): number {
    return this.bucketEnd;
  }

  counts(): TickAggregatorCounts {
    return { ...this.tally };
  }

  private start(time: number): void {
    const bucket = bucketOfMinutes(time, this.minutes);
    this.bucketStart = bucket.start;
    this.bucketEnd = bucket.end;
    this.volume = 0;
    this.ticks = 0;
  }

  /** This tick's share of the day's cumulative volume. */
  private volumeOf(tick: PriceTick, time: number): number {
    const cumulative = tick.volume;
    if (cumulative === undefined) return 0;
    const day = istMidnight(time);
    let previous = this.lastCumulative;
    if (day !== this.cumulativeDay) {
      this.cumulativeDay = day;
      // Day volume restarts at the open; a feed joined later has no reference until its first tick.
      const firstBucket =
        bucketOfMinutes(time, this.minutes).start <= day + SESSION_OPEN_MINUTE * MS_PER_MINUTE;
      previous = firstBucket ? 0 : cumulative;
    } else if (previous === undefined) {
      previous = cumulative;
    }
    this.lastCumulative = cumulative;
    return cumulative > previous ? cumulative - previous : 0;
  }

  private snapshot(): TickBar {
    return {
      time: this.bucketStart,
      end: this.bucketEnd,
      open: this.open,
      high: this.high,
      low: this.low,
      close: this.close,
      volume: this.volume,
      ticks: this.ticks,
    };
  }

  private emit(): TickBar {
    const bar = this.snapshot();
    this.closedUpTo = this.bucketEnd;
    this.bucketStart = Number.NaN;
    this.bucketEnd = Number.NaN;
    return bar;
  }
}

function inSession(time: number): boolean {
  const minute = Math.floor((time - istMidnight(time)) / MS_PER_MINUTE);
  return minute >= SESSION_OPEN_MINUTE && minute < SESSION_CLOSE_MINUTE;
}

/** Batch form: every bar the ticks make, the last (possibly partial) one included. */
export function aggregateTicks(
  ticks: Iterable<PriceTick>,
  timeframe: Timeframe,
  options?: TickAggregatorOptions,
): TickBar[] {
  const aggregator = new TickAggregator(timeframe, options);
  const out: TickBar[] = [];
  for (const tick of ticks) for (const bar of aggregator.push(tick)) out.push(bar);
  for (const bar of aggregator.closeUpTo(Number.POSITIVE_INFINITY)) out.push(bar);
  return out;
}
