import { assertFinite, assertPeriod } from './indicator-error';

/**
 * Relative strength index with Wilder smoothing, seeded TA-Lib style: the first `period` price
 * changes are averaged plainly (so the first RSI comes after period + 1 inputs), then
 * avg ← (avg·(period − 1) + x) / period for gains and losses separately.
 * RSI = 100 · avgGain / (avgGain + avgLoss), which equals 100 − 100 / (1 + RS) without dividing by
 * a zero loss. A window with no movement at all (both averages zero) reads 50: nothing is
 * overbought or oversold when nothing moved.
 */
export class Rsi {
  readonly period: number;
  private count = 0;
  private previous = 0;
  private avgGain = 0;
  private avgLoss = 0;
  // Double field + flag rather than `number | undefined`, so updates do not box (see Ema).
  private rsi = 0;
  private ready = false;

  constructor(period = 14) {
    assertPeriod('Rsi', period);
    this.period = period;
  }

  update(value: number): number | undefined {
    assertFinite('Rsi', value);
    const change = value - this.previous;
    this.previous = value;
    const gain = change > 0 ? change : 0;
    const loss = change < 0 ? -change : 0;
    const period = this.period;
    if (this.ready) {
      this.avgGain = (this.avgGain * (period - 1) + gain) / period;
      this.avgLoss = (this.avgLoss * (period - 1) + loss) / period;
    } else {
      const count = this.count;
      this.count = count + 1;
      // The first input only sets `previous`; the next `period` changes are summed, then averaged.
      if (count === 0) return undefined;
      this.avgGain += gain;
      this.avgLoss += loss;
      if (count < period) return undefined;
      this.avgGain /= period;
      this.avgLoss /= period;
      this.ready = true;
    }
    const total = this.avgGain + this.avgLoss;
    this.rsi = total === 0 ? 50 : (100 * this.avgGain) / total;
    return this.rsi;
  }

  get value(): number | undefined {
    return this.ready ? this.rsi : undefined;
  }

  get isReady(): boolean {
    return this.ready;
  }

  reset(): void {
    this.count = 0;
    this.previous = 0;
    this.avgGain = 0;
    this.avgLoss = 0;
    this.rsi = 0;
    this.ready = false;
  }
}

/** Batch form of {@link Rsi}: one output per input, `undefined` during the warm-up. */
export function rsiSeries(values: ArrayLike<number>, period = 14): Array<number | undefined> {
  const rsi = new Rsi(period);
  const out = new Array<number | undefined>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = rsi.update(values[i]!);
  return out;
}
