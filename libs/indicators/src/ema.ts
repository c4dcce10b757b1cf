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
  private current: number | undefined = undefined;

  constructor(period: number) {
    assertPeriod('Ema', period);
    this.period = period;
    this.alpha = 2 / (period + 1);
  }

  update(value: number): number | undefined {
    assertFinite('Ema', value);
    if (this.current !== undefined) {
      this.current += this.alpha * (value - this.current);
      return this.current;
    }
    this.sum += value;
    this.count += 1;
    if (this.count === this.period) this.current = this.sum / this.period;
    return this.current;
  }

  get value(): number | undefined {
    return this.current;
  }

  get isReady(): boolean {
    return this.current !== undefined;
  }

  reset(): void {
    this.count = 0;
    this.sum = 0;
    this.current = undefined;
  }
}

/** Batch form of {@link Ema}: one output per input, `undefined` during the warm-up. */
export function emaSeries(values: ArrayLike<number>, period: number): Array<number | undefined> {
  const ema = new Ema(period);
  const out = new Array<number | undefined>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = ema.update(values[i]!);
  return out;
}
