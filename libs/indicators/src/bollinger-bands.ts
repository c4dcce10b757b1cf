import { assertFinite, assertPeriod, IndicatorError } from './indicator-error';

export interface BollingerPoint {
  readonly upper: number;
  readonly middle: number;
  readonly lower: number;
  readonly stdDev: number;
}

/**
 * Bollinger Bands: middle = SMA(period), bands = middle ± k·σ with σ the population standard
 * deviation (divide by period, as Bollinger and TA-Lib do) of the same window.
 *
 * Numerics: the naive Σx² − (Σx)²/n cancels catastrophically for index levels (~10⁴) with a σ of a
 * few points, so the window mean and M2 = Σ(x − mean)² are slid with a Welford-style update over a
 * preallocated ring buffer: when x_new replaces x_old,
 *   mean' = mean + (x_new − x_old)/n,  M2' = M2 + (x_new − x_old)·(x_new − mean' + x_old − mean),
 * whose error scales with the deviations, not the price level. Both are also recomputed exactly
 * (two passes) once every 64 windows so slow drift cannot build up, and M2 is clamped at 0.
 */
export class BollingerBands {
  readonly period: number;
  readonly multiplier: number;
  private readonly ring: Float64Array;
  private readonly resyncEvery: number;
  private head = 0;
  private count = 0;
  private mean = 0;
  private m2 = 0;
  private sinceResync = 0;
  private middleValue: number | undefined = undefined;
  private sigma = 0;

  constructor(period = 20, multiplier = 2) {
    assertPeriod('BollingerBands', period);
    if (!Number.isFinite(multiplier) || multiplier < 0) {
      throw new IndicatorError(
        'INVALID_PARAMETER',
        `BollingerBands: multiplier must be a finite number ≥ 0, got ${multiplier}`,
      );
    }
    this.period = period;
    this.multiplier = multiplier;
    this.ring = new Float64Array(period);
    this.resyncEvery = Math.max(64 * period, 4096);
  }

  /** Returns the middle band; read `upper`, `lower` and `stdDev` from the getters. */
  update(value: number): number | undefined {
    assertFinite('BollingerBands', value);
    const ring = this.ring;
    const period = this.period;
    if (this.count < period) {
      // Plain Welford while the window fills.
      this.count += 1;
      const delta = value - this.mean;
      this.mean += delta / this.count;
      this.m2 += delta * (value - this.mean);
    } else {
      const old = ring[this.head]!;
      const oldMean = this.mean;
      this.mean = oldMean + (value - old) / period;
      this.m2 += (value - old) * (value - this.mean + old - oldMean);
    }
    ring[this.head] = value;
    this.head = this.head + 1 === period ? 0 : this.head + 1;
    if (this.count < period) return undefined;
    if (++this.sinceResync >= this.resyncEvery) this.resync();
    this.sigma = this.m2 > 0 ? Math.sqrt(this.m2 / period) : 0;
    this.middleValue = this.mean;
    return this.mean;
  }

  /** The middle band. */
  get value(): number | undefined {
    return this.middleValue;
  }

  get middle(): number | undefined {
    return this.middleValue;
  }

  get upper(): number | undefined {
    return this.middleValue === undefined ? undefined : this.middleValue + this.multiplier * this.sigma;
  }

  get lower(): number | undefined {
    return this.middleValue === undefined ? undefined : this.middleValue - this.multiplier * this.sigma;
  }

  /** Population standard deviation of the window. */
  get stdDev(): number | undefined {
    return this.middleValue === undefined ? undefined : this.sigma;
  }

  get isReady(): boolean {
    return this.middleValue !== undefined;
  }

  reset(): void {
    this.ring.fill(0);
    this.head = 0;
    this.count = 0;
    this.mean = 0;
    this.m2 = 0;
    this.sinceResync = 0;
    this.middleValue = undefined;
    this.sigma = 0;
  }

  private resync(): void {
    this.sinceResync = 0;
    let sum = 0;
    for (let i = 0; i < this.period; i++) sum += this.ring[i]!;
    const mean = sum / this.period;
    let m2 = 0;
    for (let i = 0; i < this.period; i++) {
      const d = this.ring[i]! - mean;
      m2 += d * d;
    }
    this.mean = mean;
    this.m2 = m2;
  }
}

/** Batch form of {@link BollingerBands}: one point per input, `undefined` during the warm-up. */
export function bollingerSeries(
  values: ArrayLike<number>,
  period = 20,
  multiplier = 2,
): Array<BollingerPoint | undefined> {
  const bb = new BollingerBands(period, multiplier);
  const out = new Array<BollingerPoint | undefined>(values.length);
  for (let i = 0; i < values.length; i++) {
    out[i] =
      bb.update(values[i]!) === undefined
        ? undefined
        : { upper: bb.upper!, middle: bb.middle!, lower: bb.lower!, stdDev: bb.stdDev! };
  }
  return out;
}
