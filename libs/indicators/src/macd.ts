import { Ema } from './ema';
import { assertFinite, IndicatorError } from './indicator-error';

export interface MacdPoint {
  readonly macd: number;
  readonly signal: number;
  readonly histogram: number;
}

/**
 * MACD: line = EMA(fast) − EMA(slow), signal = EMA(signal) of the line, histogram = line − signal.
 * Every EMA is seeded with its own simple average (see {@link Ema}); the fast EMA is not re-aligned
 * to the slow one as TA-Lib does. The line exists after `slow` inputs and everything is ready after
 * slow + signal − 1 inputs; until then all outputs are undefined.
 *
 * `update` and `value` give the MACD line; `signal` and `histogram` are read from getters so an
 * update allocates nothing.
 */
export class Macd {
  readonly fastPeriod: number;
  readonly slowPeriod: number;
  readonly signalPeriod: number;
  private readonly fast: Ema;
  private readonly slow: Ema;
  private readonly signalEma: Ema;
  private line: number | undefined = undefined;
  private signalLine: number | undefined = undefined;

  constructor(fastPeriod = 12, slowPeriod = 26, signalPeriod = 9) {
    this.fast = new Ema(fastPeriod);
    this.slow = new Ema(slowPeriod);
    this.signalEma = new Ema(signalPeriod);
    if (fastPeriod >= slowPeriod) {
      throw new IndicatorError(
        'INVALID_PARAMETER',
        `Macd: fast period ${fastPeriod} must be shorter than slow period ${slowPeriod}`,
      );
    }
    this.fastPeriod = fastPeriod;
    this.slowPeriod = slowPeriod;
    this.signalPeriod = signalPeriod;
  }

  update(value: number): number | undefined {
    assertFinite('Macd', value);
    const fast = this.fast.update(value);
    const slow = this.slow.update(value);
    if (slow === undefined || fast === undefined) return undefined;
    const line = fast - slow;
    const signal = this.signalEma.update(line);
    if (signal === undefined) return undefined;
    this.line = line;
    this.signalLine = signal;
    return line;
  }

  /** The MACD line, once signal and histogram exist too. */
  get value(): number | undefined {
    return this.line;
  }

  get macd(): number | undefined {
    return this.line;
  }

  get signal(): number | undefined {
    return this.signalLine;
  }

  get histogram(): number | undefined {
    return this.line === undefined || this.signalLine === undefined ? undefined : this.line - this.signalLine;
  }

  get isReady(): boolean {
    return this.line !== undefined;
  }

  reset(): void {
    this.fast.reset();
    this.slow.reset();
    this.signalEma.reset();
    this.line = undefined;
    this.signalLine = undefined;
  }
}

/** Batch form of {@link Macd}: one point per input, `undefined` during the warm-up. */
export function macdSeries(
  values: ArrayLike<number>,
  fastPeriod = 12,
  slowPeriod = 26,
  signalPeriod = 9,
): Array<MacdPoint | undefined> {
  const macd = new Macd(fastPeriod, slowPeriod, signalPeriod);
  const out = new Array<MacdPoint | undefined>(values.length);
  for (let i = 0; i < values.length; i++) {
    const line = macd.update(values[i]!);
    out[i] =
      line === undefined ? undefined : { macd: line, signal: macd.signal!, histogram: macd.histogram! };
  }
  return out;
}
