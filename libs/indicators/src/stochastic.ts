import { assertHlcBar, type HlcBar } from './bars';
import { assertPeriod } from './indicator-error';
import { Sma } from './sma';

export interface StochasticPoint {
  readonly k: number;
  readonly d: number;
}

/**
 * Stochastic oscillator (slow form): raw %K = 100·(close − lowest low)/(highest high − lowest low)
 * over `kPeriod` bars, %K = SMA(kSmoothing) of raw %K (kSmoothing = 1 gives the fast stochastic),
 * %D = SMA(dPeriod) of %K. A window with no range (highest = lowest) reads 50, the midpoint.
 * Ready after kPeriod + kSmoothing + dPeriod − 2 bars.
 *
 * The highest high and lowest low come from monotonic deques kept in preallocated typed arrays, so
 * each update is amortised O(1) whatever kPeriod is.
 */
export class Stochastic {
  readonly kPeriod: number;
  readonly kSmoothing: number;
  readonly dPeriod: number;
  private readonly kSma: Sma;
  private readonly dSma: Sma;
  // Deques of (bar index, value): maxima decreasing for highs, minima increasing for lows.
  private readonly maxIdx: Float64Array;
  private readonly maxVal: Float64Array;
  private readonly minIdx: Float64Array;
  private readonly minVal: Float64Array;
  private maxHead = 0;
  private maxSize = 0;
  private minHead = 0;
  private minSize = 0;
  private bar = 0;
  private kValue: number | undefined = undefined;
  private dValue: number | undefined = undefined;

  constructor(kPeriod = 14, kSmoothing = 3, dPeriod = 3) {
    assertPeriod('Stochastic', kPeriod);
    this.kSma = new Sma(kSmoothing);
    this.dSma = new Sma(dPeriod);
    this.kPeriod = kPeriod;
    this.kSmoothing = kSmoothing;
    this.dPeriod = dPeriod;
    this.maxIdx = new Float64Array(kPeriod);
    this.maxVal = new Float64Array(kPeriod);
    this.minIdx = new Float64Array(kPeriod);
    this.minVal = new Float64Array(kPeriod);
  }

  /** Returns %K once %D exists too; read `k` and `d` from the getters. */
  update(bar: HlcBar): number | undefined {
    assertHlcBar('Stochastic', bar);
    const { high, low, close } = bar;
    const n = this.kPeriod;
    const t = this.bar++;
    const expired = t - n;

    // Highest high: drop bars that left the window from the front, then values the new high
    // dominates from the back (expiring first keeps at most n − 1 entries before the push).
    while (this.maxSize > 0 && this.maxIdx[this.maxHead]! <= expired) {
      this.maxHead = this.maxHead + 1 === n ? 0 : this.maxHead + 1;
      this.maxSize--;
    }
    while (this.maxSize > 0 && this.maxVal[(this.maxHead + this.maxSize - 1) % n]! <= high) this.maxSize--;
    const maxTail = (this.maxHead + this.maxSize) % n;
    this.maxIdx[maxTail] = t;
    this.maxVal[maxTail] = high;
    this.maxSize++;

    while (this.minSize > 0 && this.minIdx[this.minHead]! <= expired) {
      this.minHead = this.minHead + 1 === n ? 0 : this.minHead + 1;
      this.minSize--;
    }
    while (this.minSize > 0 && this.minVal[(this.minHead + this.minSize - 1) % n]! >= low) this.minSize--;
    const minTail = (this.minHead + this.minSize) % n;
    this.minIdx[minTail] = t;
    this.minVal[minTail] = low;
    this.minSize++;

    if (t + 1 < n) return undefined;
    const highest = this.maxVal[this.maxHead]!;
    const lowest = this.minVal[this.minHead]!;
    const range = highest - lowest;
    const rawK = range > 0 ? (100 * (close - lowest)) / range : 50;
    const k = this.kSma.update(rawK);
    if (k === undefined) return undefined;
    const d = this.dSma.update(k);
    if (d === undefined) return undefined;
    this.kValue = k;
    this.dValue = d;
    return k;
  }

  /** %K (smoothed). */
  get value(): number | undefined {
    return this.kValue;
  }

  get k(): number | undefined {
    return this.kValue;
  }

  get d(): number | undefined {
    return this.dValue;
  }

  get isReady(): boolean {
    return this.kValue !== undefined;
  }

  reset(): void {
    this.kSma.reset();
    this.dSma.reset();
    this.maxHead = 0;
    this.maxSize = 0;
    this.minHead = 0;
    this.minSize = 0;
    this.bar = 0;
    this.kValue = undefined;
    this.dValue = undefined;
  }
}

/** Batch form of {@link Stochastic}: one point per bar, `undefined` during the warm-up. */
export function stochasticSeries(
  bars: ArrayLike<HlcBar>,
  kPeriod = 14,
  kSmoothing = 3,
  dPeriod = 3,
): Array<StochasticPoint | undefined> {
  const stoch = new Stochastic(kPeriod, kSmoothing, dPeriod);
  const out = new Array<StochasticPoint | undefined>(bars.length);
  for (let i = 0; i < bars.length; i++) {
    const k = stoch.update(bars[i]!);
    out[i] = k === undefined ? undefined : { k, d: stoch.d! };
  }
  return out;
}
