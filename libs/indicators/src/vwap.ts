import { assertHlcBar, type TimedBar } from './bars';
import { assertFinite, IndicatorError } from './indicator-error';

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
/** India Standard Time, UTC+05:30, no daylight saving. */
export const IST_OFFSET_MINUTES = 330;

/**
 * Volume-weighted average price of the typical price (high + low + close) / 3, anchored to the
 * session: the sums restart when a bar's trading date, taken in the given UTC offset (IST by
 * default), differs from the previous bar's. Ready from the first bar.
 *
 * Zero volume: index bars carry no volume (an index does not trade), so while the session's volume
 * is still zero the VWAP falls back to equal weights, i.e. the session mean of typical prices. As
 * soon as any bar of the session has volume, the volume-weighted form is used (zero-volume bars then
 * simply weigh nothing).
 */
export class Vwap {
  readonly offsetMinutes: number;
  private readonly offsetMs: number;
  private day = Number.NaN;
  private priceVolume = 0;
  private volume = 0;
  private priceSum = 0;
  private bars = 0;
  // Double + flag, not `number | undefined`, so updates store unboxed (see Ema).
  private current = 0;
  private ready = false;

  constructor(offsetMinutes = IST_OFFSET_MINUTES) {
    if (!Number.isFinite(offsetMinutes)) {
      throw new IndicatorError('INVALID_PARAMETER', `Vwap: offset must be a finite number of minutes`);
    }
    this.offsetMinutes = offsetMinutes;
    this.offsetMs = offsetMinutes * MS_PER_MINUTE;
  }

  update(bar: TimedBar): number | undefined {
    assertHlcBar('Vwap', bar);
    assertFinite('Vwap', bar.time);
    assertFinite('Vwap', bar.volume);
    if (bar.volume < 0) {
      throw new IndicatorError('INVALID_INPUT', `Vwap: volume must not be negative, got ${bar.volume}`);
    }
    const day = Math.floor((bar.time + this.offsetMs) / MS_PER_DAY);
    if (day !== this.day) {
      this.day = day;
      this.priceVolume = 0;
      this.volume = 0;
      this.priceSum = 0;
      this.bars = 0;
    }
    const typical = (bar.high + bar.low + bar.close) / 3;
    this.priceVolume += typical * bar.volume;
    this.volume += bar.volume;
    this.priceSum += typical;
    this.bars += 1;
    this.current = this.volume > 0 ? this.priceVolume / this.volume : this.priceSum / this.bars;
    this.ready = true;
    return this.current;
  }

  get value(): number | undefined {
    return this.ready ? this.current : undefined;
  }

  get isReady(): boolean {
    return this.ready;
  }

  reset(): void {
    this.day = Number.NaN;
    this.priceVolume = 0;
    this.volume = 0;
    this.priceSum = 0;
    this.bars = 0;
    this.current = 0;
    this.ready = false;
  }
}

/** Batch form of {@link Vwap}: one output per bar. */
export function vwapSeries(
  bars: ArrayLike<TimedBar>,
  offsetMinutes = IST_OFFSET_MINUTES,
): Array<number | undefined> {
  const vwap = new Vwap(offsetMinutes);
  const out = new Array<number | undefined>(bars.length);
  for (let i = 0; i < bars.length; i++) out[i] = vwap.update(bars[i]!);
  return out;
}
