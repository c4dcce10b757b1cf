import { type Tick } from '@dalal/contracts';

export type TickRejection = 'out_of_order' | 'duplicate' | 'non_positive' | 'outlier';

export type TickVerdict =
  { readonly ok: true; readonly rebased: boolean } | { readonly ok: false; readonly reason: TickRejection };

export interface TickValidatorOptions {
  /** A tick further than this % from the instrument's last good price is an outlier. Default 10. */
  readonly outlierBandPct?: number;
  /**
   * After this many outliers in a row that agree with each other (within the band), the price has
   * really moved (a gap, a circuit, a feed that came back): accept the latest and re-anchor. Default 5.
   */
  readonly rebaseAfter?: number;
}

export interface TickValidationCounts {
  accepted: number;
  out_of_order: number;
  duplicate: number;
  non_positive: number;
  outlier: number;
  /** Accepted ticks that moved the anchor after a run of agreeing outliers. */
  rebased: number;
}

interface LastGood {
  tsMs: number;
  ltp: string;
  price: number;
  volume: number | undefined;
  candidate: number;
  candidateRun: number;
}

/**
 * Drops and counts bad ticks, per instrument: exchange time going backwards, an exact repeat of the
 * last good tick, a zero or negative price, and a jump beyond the band. Pure: no clock, no I/O.
 *
 * Same-second ticks with a new price or volume are kept (Kite stamps whole seconds). The band check
 * compares prices as numbers: it decides whether to trust a tick and does no money arithmetic.
 */
export class TickValidator {
  private readonly band: number;
  private readonly rebaseAfter: number;
  private readonly last = new Map<string, LastGood>();
  private readonly tally: TickValidationCounts = {
    accepted: 0,
    out_of_order: 0,
    duplicate: 0,
    non_positive: 0,
    outlier: 0,
    rebased: 0,
  };

  constructor(options: TickValidatorOptions = {}) {
    this.band = (options.outlierBandPct ?? 10) / 100;
    this.rebaseAfter = options.rebaseAfter ?? 5;
  }

  check(tick: Tick): TickVerdict {
    const price = Number(tick.ltp);
    if (!(price > 0)) return this.reject('non_positive');
    const key = `${tick.exchange}:${tick.instrument}`;
    const tsMs = Date.parse(tick.exchangeTs);
    const last = this.last.get(key);
    if (!last) {
      this.last.set(key, { tsMs, ltp: tick.ltp, price, volume: tick.volume, candidate: 0, candidateRun: 0 });
      return this.accept(false);
    }
    if (tsMs < last.tsMs) return this.reject('out_of_order');
    if (tsMs === last.tsMs && tick.ltp === last.ltp && tick.volume === last.volume) {
      return this.reject('duplicate');
    }
    let rebased = false;
    if (Math.abs(price - last.price) > this.band * last.price) {
      const agrees = last.candidateRun > 0 && Math.abs(price - last.candidate) <= this.band * last.candidate;
      last.candidate = agrees ? last.candidate : price;
      last.candidateRun = agrees ? last.candidateRun + 1 : 1;
      if (last.candidateRun < this.rebaseAfter) return this.reject('outlier');
      rebased = true;
      this.tally.rebased++;
    }
    last.tsMs = tsMs;
    last.ltp = tick.ltp;
    last.price = price;
    last.volume = tick.volume;
    last.candidateRun = 0;
    return this.accept(rebased);
  }

  counts(): TickValidationCounts {
    return { ...this.tally };
  }

  /** Forgets an instrument's history (e.g. on a new session) or everyone's. */
  reset(instrument?: { exchange: string; instrument: string }): void {
    if (instrument) this.last.delete(`${instrument.exchange}:${instrument.instrument}`);
    else this.last.clear();
  }

  private accept(rebased: boolean): TickVerdict {
    this.tally.accepted++;
    return rebased ? { ok: true, rebased } : ACCEPTED;
  }

  private reject(reason: TickRejection): TickVerdict {
    this.tally[reason]++;
    return { ok: false, reason };
  }
}

const ACCEPTED: TickVerdict = { ok: true, rebased: false };
