import { assertFinite, assertPeriod } from './indicator-error';

/**
 * Exponential moving average, α = 2 / (period + 1), seeded TA-Lib style: the first value is the
 * simple average of the first `period` inputs, so the output is defined after exactly `period`
 * inputs and does not depend on an arbitrary first-value seed.
 */
export class Ema {
  readonly period: number;
  private readonly alpha: number;
  private count = 0;
  private sum = 0;
  // A plain double plus a flag, not `number | undefined`: V8 keeps a double-only field unboxed, so
  // the hot path writes it in place instead of allocating a heap number per update.
  private ema = 0;
  private ready = false;

  constructor(period: number) {
    assertPeriod('Ema', period);
    this.period = period;
    this.alpha = 2 / (period + 1);
  }

  update(value: number): number | undefined {
    assertFinite('Ema', value);
    if (this.ready) {
      this.ema += this.alpha * (value - this.ema);
      return this.ema;
    }
    this.sum += value;
    this.count += 1;
    if (this.count < this.period) return undefined;
    this.ema = this.sum / this.period;
    this.ready = true;
    return this.ema;
  }

  get value(): number | undefined {
    return this.ready ? this.ema : undefined;
  }

  get isReady(): boolean {
    return this.ready;
  }

  reset(): void {
    this.count = 0;
    this.sum = 0;
    this.ema = 0;
    this.ready = false;
  }
}

/** Batch form of {@link Ema}: one output per input, `undefined` during the warm-up. */
export function emaSeries(values: ArrayLike<number>, period: number): Array<number | undefined> {
  const ema = new Ema(period);
  const out = new Array<number | undefined>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = ema.update(values[i]!);
  return out;
}
