import { assertFinite, assertPeriod } from './indicator-error';

/**
 * Linearly weighted moving average: the newest input has weight `period`, the oldest weight 1,
 * divided by period·(period+1)/2. O(1) per update: when a new value x enters and the oldest value
 * leaves, the weighted sum W becomes W + period·x − S (every kept value loses one unit of weight),
 * where S is the plain sum before the step. Rounding error in S feeds into W at every step (so W's
 * error grows faster than linearly), hence both sums are recomputed exactly from the ring buffer
 * every 16 windows: one extra read per 16 updates.
 */
export class Wma {
  readonly period: number;
  private readonly ring: Float64Array;
  private readonly divisor: number;
  private readonly resyncEvery: number;
  private head = 0;
  private count = 0;
  private sum = 0;
  private weighted = 0;
  private sinceResync = 0;
  // Double + flag, not `number | undefined`, so updates store unboxed (see Ema).
  private current = 0;
  private ready = false;

  constructor(period: number) {
    assertPeriod('Wma', period);
    this.period = period;
    this.ring = new Float64Array(period);
    this.divisor = (period * (period + 1)) / 2;
    this.resyncEvery = 16 * period;
  }

  update(value: number): number | undefined {
    assertFinite('Wma', value);
    const ring = this.ring;
    const period = this.period;
    if (this.count < period) {
      this.count += 1;
      // Filling up: the new value gets weight `count`, earlier ones keep theirs.
      this.weighted += this.count * value;
      this.sum += value;
    } else {
      this.weighted += period * value - this.sum;
      this.sum += value - ring[this.head]!;
    }
    ring[this.head] = value;
    this.head = this.head + 1 === period ? 0 : this.head + 1;
    if (this.count < period) return undefined;
    if (++this.sinceResync >= this.resyncEvery) this.resync();
    this.current = this.weighted / this.divisor;
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
    this.weighted = 0;
    this.sinceResync = 0;
    this.current = 0;
    this.ready = false;
  }

  private resync(): void {
    this.sinceResync = 0;
    let sum = 0;
    let weighted = 0;
    // `head` is the oldest slot once the buffer is full.
    for (let i = 0; i < this.period; i++) {
      const x = this.ring[(this.head + i) % this.period]!;
      sum += x;
      weighted += (i + 1) * x;
    }
    this.sum = sum;
    this.weighted = weighted;
  }
}

/** Batch form of {@link Wma}: one output per input, `undefined` during the warm-up. */
export function wmaSeries(values: ArrayLike<number>, period: number): Array<number | undefined> {
  const wma = new Wma(period);
  const out = new Array<number | undefined>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = wma.update(values[i]!);
  return out;
}
