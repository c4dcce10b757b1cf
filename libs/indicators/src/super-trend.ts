import { Atr } from './atr';
import { assertHlcBar, type HlcBar } from './bars';
import { IndicatorError } from './indicator-error';

/** 1: up-trend (the line is a support below price); −1: down-trend (a resistance above it). */
export type TrendDirection = 1 | -1;

export interface SuperTrendPoint {
  readonly line: number;
  readonly direction: TrendDirection;
}

/**
 * SuperTrend on {@link Atr} (Wilder, TA-Lib seeded), with the usual ratcheting bands:
 *   basic upper/lower = (high + low)/2 ± multiplier·ATR;
 *   final upper = basic upper if it is lower than the previous final upper or the previous close
 *   broke above it, else the previous final upper (and the mirror image for the lower band).
 * The trend starts down unless the first close is above the upper band; an up-trend holds while
 * close ≥ final lower, a down-trend while close ≤ final upper. The line is the final lower band in
 * an up-trend and the final upper band in a down-trend. Ready with the ATR (period + 1 bars).
 */
export class SuperTrend {
  readonly period: number;
  readonly multiplier: number;
  private readonly atr: Atr;
  private upperBand = 0;
  private lowerBand = 0;
  private previousClose = 0;
  private trend: TrendDirection | undefined = undefined;
  private current: number | undefined = undefined;

  constructor(period = 10, multiplier = 3) {
    this.atr = new Atr(period);
    if (!Number.isFinite(multiplier) || multiplier <= 0) {
      throw new IndicatorError(
        'INVALID_PARAMETER',
        `SuperTrend: multiplier must be a finite number > 0, got ${multiplier}`,
      );
    }
    this.period = period;
    this.multiplier = multiplier;
  }

  /** Returns the SuperTrend line; read `direction` from the getter. */
  update(bar: HlcBar): number | undefined {
    assertHlcBar('SuperTrend', bar);
    const atr = this.atr.update(bar);
    if (atr === undefined) return undefined;
    const { high, low, close } = bar;
    const mid = (high + low) / 2;
    const basicUpper = mid + this.multiplier * atr;
    const basicLower = mid - this.multiplier * atr;
    if (this.trend === undefined) {
      this.upperBand = basicUpper;
      this.lowerBand = basicLower;
      this.trend = close > basicUpper ? 1 : -1;
    } else {
      const previousClose = this.previousClose;
      if (basicUpper < this.upperBand || previousClose > this.upperBand) this.upperBand = basicUpper;
      if (basicLower > this.lowerBand || previousClose < this.lowerBand) this.lowerBand = basicLower;
      if (this.trend === 1) {
        if (close < this.lowerBand) this.trend = -1;
      } else if (close > this.upperBand) {
        this.trend = 1;
      }
    }
    this.previousClose = close;
    this.current = this.trend === 1 ? this.lowerBand : this.upperBand;
    return this.current;
  }

  /** The SuperTrend line. */
  get value(): number | undefined {
    return this.current;
  }

  get direction(): TrendDirection | undefined {
    return this.trend;
  }

  get isReady(): boolean {
    return this.current !== undefined;
  }

  reset(): void {
    this.atr.reset();
    this.upperBand = 0;
    this.lowerBand = 0;
    this.previousClose = 0;
    this.trend = undefined;
    this.current = undefined;
  }
}

/** Batch form of {@link SuperTrend}: one point per bar, `undefined` during the warm-up. */
export function superTrendSeries(
  bars: ArrayLike<HlcBar>,
  period = 10,
  multiplier = 3,
): Array<SuperTrendPoint | undefined> {
  const st = new SuperTrend(period, multiplier);
  const out = new Array<SuperTrendPoint | undefined>(bars.length);
  for (let i = 0; i < bars.length; i++) {
    const line = st.update(bars[i]!);
    out[i] = line === undefined ? undefined : { line, direction: st.direction! };
  }
  return out;
}
