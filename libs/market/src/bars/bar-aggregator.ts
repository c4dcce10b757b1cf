import { type Bar, type Timeframe, timeframeMinutes } from './bar';
import { MS_PER_MINUTE, bucketOfMinutes } from './session-buckets';
import { BarError } from './bar-error';

const NONE: readonly Bar[] = [];

/**
 * Streaming resampler: push finer bars in time order, get back the coarser bars that closed. A bucket
 * closes as soon as a pushed bar reaches its end (so the 09:15–09:18 bar is out when the 09:17 minute
 * arrives, not a minute later), or when a bar of a later bucket arrives (a gap in the data). `flush()`
 * hands back a partial last bucket at the end of the data.
 *
 * The state is a handful of numbers, so market-data can feed it ticks later through the same shape
 * (a tick is a zero-length bar with open = high = low = close).
 */
export class BarAggregator {
  readonly minutes: number;
  private readonly sourceMs: number;
  private bucketStart = Number.NaN;
  private bucketEnd = Number.NaN;
  private open = 0;
  private high = 0;
  private low = 0;
  private close = 0;
  private volume = 0;
  private lastTime = Number.NEGATIVE_INFINITY;

  /**
   * @param timeframe the bars to build
   * @param sourceMinutes the length of the pushed bars (1 for 1-minute bars)
   */
  constructor(
    readonly timeframe: Timeframe,
    sourceMinutes = 1,
  ) {
    this.minutes = timeframeMinutes(timeframe);
    if (!(sourceMinutes > 0) || this.minutes % sourceMinutes !== 0) {
      throw new BarError(
        'INVALID_TIMEFRAME',
        `cannot build ${timeframe} bars from ${sourceMinutes}-minute bars`,
      );
    }
    this.sourceMs = sourceMinutes * MS_PER_MINUTE;
  }

  /** Pushes one bar (start-labelled, strictly after the previous one); returns the bars that closed. */
  push(bar: Bar): readonly Bar[] {
    const time = bar.time;
    if (!(time > this.lastTime)) {
      throw new BarError(
        'INVALID_BAR',
        `bar at ${new Date(time).toISOString()} is not after the previous one`,
      );
    }
    this.lastTime = time;
    let closed: Bar[] | undefined;
    if (time >= this.bucketEnd) {
      closed = [this.emit()];
    }
    if (Number.isNaN(this.bucketStart)) {
      const bucket = bucketOfMinutes(time, this.minutes);
      this.bucketStart = bucket.start;
      this.bucketEnd = bucket.end;
      this.open = bar.open;
      this.high = bar.high;
      this.low = bar.low;
      this.close = bar.close;
      this.volume = bar.volume;
    } else {
      if (bar.high > this.high) this.high = bar.high;
      if (bar.low < this.low) this.low = bar.low;
      this.close = bar.close;
      this.volume += bar.volume;
    }
    if (time + this.sourceMs >= this.bucketEnd) {
      const last = this.emit();
      if (closed) closed.push(last);
      else closed = [last];
    }
    return closed ?? NONE;
  }

  /** The partial bucket under construction, closed early (end of data); undefined when empty. */
  flush(): Bar | undefined {
    return Number.isNaN(this.bucketStart) ? undefined : this.emit();
  }

  /** End time (exclusive) of the bucket under construction, or NaN when none is open. */
  get openBucketEnd(): number {
    return this.bucketEnd;
  }

  reset(): void {
    this.bucketStart = Number.NaN;
    this.bucketEnd = Number.NaN;
    this.lastTime = Number.NEGATIVE_INFINITY;
  }

  private emit(): Bar {
    const bar: Bar = {
      time: this.bucketStart,
      open: this.open,
      high: this.high,
      low: this.low,
      close: this.close,
      volume: this.volume,
    };
    this.bucketStart = Number.NaN;
    this.bucketEnd = Number.NaN;
    return bar;
  }
}

/** Batch form of `BarAggregator`: resamples a whole series, including a partial last bucket. */
export function resampleBars(bars: readonly Bar[], timeframe: Timeframe, sourceMinutes = 1): Bar[] {
  const aggregator = new BarAggregator(timeframe, sourceMinutes);
  const out: Bar[] = [];
  for (const bar of bars) {
    for (const closed of aggregator.push(bar)) out.push(closed);
  }
  const last = aggregator.flush();
  if (last) out.push(last);
  return out;
}
