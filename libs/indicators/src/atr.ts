import { assertHlcBar, type HlcBar } from './bars';
import { assertPeriod } from './indicator-error';

/**
 * Average true range with Wilder smoothing, seeded TA-Lib style. The true range of a bar is
 * max(high − low, |high − previous close|, |low − previous close|), so it needs a previous close:
 * the first bar only supplies that close. The first ATR is the plain average of the next `period`
 * true ranges (ready after period + 1 bars), then ATR ← (ATR·(period − 1) + TR) / period.
 */
export class Atr {
  readonly period: number;
  private count = 0;
  private previousClose = 0;
  private tr: number | undefined = undefined;
  // Double + flag, not `number | undefined`, so updates store unboxed (see Ema).
  private current = 0;
  private ready = false;
  private sum = 0;

  constructor(period = 14) {
    assertPeriod('Atr', period);
    this.period = period;
  }

  update(bar: HlcBar): number | undefined {
    assertHlcBar('Atr', bar);
    const { high, low, close } = bar;
    const count = this.count;
    const previousClose = this.previousClose;
    this.previousClose = close;
    if (count === 0) {
      this.count = 1;
      return undefined;
    }
    const upMove = high - previousClose;
    const downMove = previousClose - low;
    let tr = high - low;
    if (upMove > tr) tr = upMove;
    if (downMove > tr) tr = downMove;
    this.tr = tr;
    const period = this.period;
    if (count > period) {
      this.current = (this.current * (period - 1) + tr) / period;
      return this.current;
    }
    this.sum += tr;
    this.count = count + 1;
    if (count < period) return undefined;
    this.current = this.sum / period;
    this.ready = true;
    return this.current;
  }

  get value(): number | undefined {
    return this.ready ? this.current : undefined;
  }

  /** The latest bar's true range (from the second bar on). */
  get trueRange(): number | undefined {
    return this.tr;
  }

  get isReady(): boolean {
    return this.ready;
  }

  reset(): void {
    this.count = 0;
    this.previousClose = 0;
    this.tr = undefined;
    this.current = 0;
    this.ready = false;
    this.sum = 0;
  }
}

/** Batch form of {@link Atr}: one output per bar, `undefined` during the warm-up. */
export function atrSeries(bars: ArrayLike<HlcBar>, period = 14): Array<number | undefined> {
  const atr = new Atr(period);
  const out = new Array<number | undefined>(bars.length);
  for (let i = 0; i < bars.length; i++) out[i] = atr.update(bars[i]!);
  return out;
}
