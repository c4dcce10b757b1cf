import { assertFinite, assertPeriod } from './indicator-error';

/**
 * Simple moving average over the last `period` inputs, O(1) per update from a running sum over a
 * preallocated ring buffer. A running sum picks up rounding error with every add/subtract pair, so
 * it is recomputed exactly from the buffer once every 64 windows (amortised cost < 2%).
 */
export class Sma {
  readonly period: number;
  private readonly ring: Float64Array;
  private readonly resyncEvery: number;
  private head = 0;
  private count = 0;
  private sum = 0;
  private sinceResync = 0;
  // Double + flag, not `number | undefined`, so updates store unboxed (see Ema).
  private current = 0;
  private ready = false;

  constructor(period: number) {
    assertPeriod('Sma', period);
    this.period = period;
    this.ring = new Float64Array(period);
    this.resyncEvery = Math.max(64 * period, 4096);
  }

  update(value: number): number | undefined {
    assertFinite('Sma', value);
    const ring = this.ring;
    const period = this.period;
    if (this.count < period) {
      this.count += 1;
      this.sum += value;
    } else {
      this.sum += value - ring[this.head]!;
    }
    ring[this.head] = value;
    this.head = this.head + 1 === period ? 0 : this.head + 1;
    if (this.count < period) return undefined;
    if (++this.sinceResync >= this.resyncEvery) {
      this.sinceResync = 0;
      let exact = 0;
      for (let i = 0; i < period; i++) exact += ring[i]!;
      this.sum = exact;
    }
    this.current = this.sum / period;
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
    this.ring.fill(0);
    this.head = 0;
    this.count = 0;
    this.sum = 0;
    this.sinceResync = 0;
    this.current = 0;
    this.ready = false;
  }
}

/** Batch form of {@link Sma}: one output per input, `undefined` during the warm-up. */
export function smaSeries(values: ArrayLike<number>, period: number): Array<number | undefined> {
  const sma = new Sma(period);
  const out = new Array<number | undefined>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = sma.update(values[i]!);
  return out;
}
