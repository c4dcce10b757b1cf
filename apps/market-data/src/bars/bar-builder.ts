import { TickValidator, type TickRejection, type TickValidationCounts } from '@dalal/brokers';
import { type Bar, type Tick } from '@dalal/contracts';
import { TickAggregator, type PriceBar, type TickBar } from '@dalal/market';

type Timeframe = Bar['timeframe'];

export interface BarBuilderOptions {
  readonly timeframes: readonly Timeframe[];
  readonly outlierBandPct?: number;
  /** Forming bars are offered at most this often per series, in market time (default 1 s). */
  readonly formingEveryMs?: number;
  readonly publishForming?: boolean;
}

export type TickOutcome =
  | { readonly ok: true; readonly closed: readonly Bar[]; readonly forming: readonly Bar[] }
  | { readonly ok: false; readonly reason: TickRejection };

interface Series {
  readonly exchange: Bar['exchange'];
  readonly instrument: string;
  readonly timeframe: Timeframe;
  readonly aggregator: TickAggregator;
  formingShownAt: number;
}

const NO_BARS: readonly Bar[] = [];

/**
 * The pure core of market-data: every tick through `TickValidator`, then through one `TickAggregator`
 * per instrument and timeframe, out as contract bars. No I/O and no clock: the service decides when
 * time has passed (`closeUpTo`) and where bars go.
 */
export class BarBuilder {
  private readonly validator: TickValidator;
  private readonly series = new Map<string, Series[]>();
  private readonly lastTickAt = new Map<string, number>();
  // Ticks of one broker message share their timestamp: parse it once.
  private lastStamp = '';
  private lastStampMs = Number.NaN;

  constructor(private readonly options: BarBuilderOptions) {
    this.validator = new TickValidator({ outlierBandPct: options.outlierBandPct ?? 10 });
  }

  tick(tick: Tick): TickOutcome {
    const verdict = this.validator.check(tick);
    if (!verdict.ok) return verdict;
    const time = this.timeOf(tick.exchangeTs);
    const key = keyOf(tick);
    this.lastTickAt.set(key, time);
    let closed: Bar[] | undefined;
    let forming: Bar[] | undefined;
    const priceTick = { time, price: tick.ltp, volume: tick.volume };
    for (const s of this.seriesOf(tick)) {
      for (const bar of s.aggregator.push(priceTick)) (closed ??= []).push(toMessage(s, bar, true));
      if (this.options.publishForming && time - s.formingShownAt >= (this.options.formingEveryMs ?? 1_000)) {
        const bar = s.aggregator.forming();
        if (bar) {
          s.formingShownAt = time;
          (forming ??= []).push(toMessage(s, bar, false));
        }
      }
    }
    return { ok: true, closed: closed ?? NO_BARS, forming: forming ?? NO_BARS };
  }

  /** Closes every bar whose bucket ends at or before `time` (epoch ms). */
  closeUpTo(time: number): Bar[] {
    const closed: Bar[] = [];
    for (const list of this.series.values()) {
      for (const s of list)
        for (const bar of s.aggregator.closeUpTo(time)) closed.push(toMessage(s, bar, true));
    }
    return closed;
  }

  /**
   * Merges historical 1-minute candles for a gap, oldest first. A candle for the minute that already
   * had live ticks is that whole minute: its prices extend the bar and its volume replaces theirs.
   */
  fillGap(
    instrument: { exchange: Bar['exchange']; instrument: string },
    candles: readonly PriceBar[],
  ): Bar[] {
    const closed: Bar[] = [];
    for (const candle of candles) {
      for (const s of this.seriesOf(instrument)) {
        for (const bar of s.aggregator.pushBar(candle)) closed.push(toMessage(s, bar, true));
      }
      this.lastTickAt.set(keyOf(instrument), candle.end - 1);
    }
    return closed;
  }

  /** Exchange time (epoch ms) of the last accepted tick of an instrument. */
  lastTickTime(instrument: { exchange: string; instrument: string }): number | undefined {
    return this.lastTickAt.get(keyOf(instrument));
  }

  validation(): TickValidationCounts {
    return this.validator.counts();
  }

  /** Ticks the aggregators dropped (late for a closed bar, outside the session), summed over series. */
  aggregation(): { late: number; outsideSession: number } {
    let late = 0;
    let outsideSession = 0;
    for (const list of this.series.values()) {
      for (const s of list) {
        const c = s.aggregator.counts();
        late += c.late;
        outsideSession += c.outsideSession;
      }
    }
    return { late, outsideSession };
  }

  private timeOf(stamp: string): number {
    if (stamp !== this.lastStamp) {
      this.lastStamp = stamp;
      this.lastStampMs = Date.parse(stamp);
    }
    return this.lastStampMs;
  }

  private seriesOf(instrument: { exchange: Bar['exchange']; instrument: string }): Series[] {
    const key = keyOf(instrument);
    let list = this.series.get(key);
    if (!list) {
      list = this.options.timeframes.map((timeframe) => ({
        exchange: instrument.exchange,
        instrument: instrument.instrument,
        timeframe,
        aggregator: new TickAggregator(timeframe),
        formingShownAt: Number.NEGATIVE_INFINITY,
      }));
      this.series.set(key, list);
    }
    return list;
  }
}

const keyOf = (i: { exchange: string; instrument: string }): string => `${i.exchange}:${i.instrument}`;

function toMessage(s: Series, bar: TickBar, closed: boolean): Bar {
  return {
    instrument: s.instrument,
    exchange: s.exchange,
    timeframe: s.timeframe,
    openTime: new Date(bar.time).toISOString(),
    closeTime: new Date(bar.end).toISOString(),
    open: bar.open,
    high: bar.high,
    low: bar.low,
    close: bar.close,
    volume: bar.volume,
    closed,
  };
}
