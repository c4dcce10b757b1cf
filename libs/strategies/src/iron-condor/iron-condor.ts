import { Atr, BollingerBands, Ema } from '@dalal/indicators';
import { timeframeMinutes, type Bar } from '@dalal/market';
import { z } from 'zod';

import {
  PRICE_EPSILON,
  atmImpliedVolatility,
  creditPnl,
  daysToExpiry,
  strikeForDelta,
} from '../credit-spread/short-premium';
import { isExpiryDay } from '../credit-spread/credit-spread';
import { type StrategyPreset } from '../ema-mean-reversion/ema-mean-reversion.presets';
import { clockMinutes, istClock, parseParams } from '../params';
import {
  NO_INTENTS,
  type Intent,
  type OpenPositionView,
  type PositionView,
  type Strategy,
  type StrategyContext,
} from '../strategy';

export const IRON_CONDOR = 'iron-condor';
export const IRON_CONDOR_TAG = 'IRON_CONDOR';

/** Volatility readings closer than this (absolute, 0.0001 vol points) count as one level: no rank. */
const FLAT_VOLATILITY = 1e-6;
const TRADING_DAYS_PER_YEAR = 252;
const SESSION_MINUTES = 375;

export const ironCondorParams = z
  .object({
    timeframe: z.enum(['5m', '15m', '30m', '1h']).default('15m'),
    /** Both short strikes: the listed strike whose |delta| is closest to this. */
    shortDelta: z.coerce.number().gt(0).lt(0.5).default(0.16),
    /** Each bought wing sits this many strikes beyond its short strike. */
    wingStrikes: z.coerce.number().int().min(1).default(4),
    /** Enter only when the volatility's rank over the look-back is at least this (0–100). */
    minIvRank: z.coerce.number().min(0).max(100).default(30),
    /**
     * `implied`: ATM implied volatility from the context's premiums (real with option data, flat under
     * one model IV). `realized`: annualized σ of log returns over `realizedVolBars` bars, a proxy for
     * backtests that have no option prices.
     */
    ivSource: z.enum(['implied', 'realized']).default('implied'),
    /** Daily readings (each session's last) the rank compares today's reading with. */
    ivRankLookbackDays: z.coerce.number().int().min(2).default(252),
    /** No rank (no entry) until this many daily readings exist. */
    ivRankMinDays: z.coerce.number().int().min(1).default(20),
    realizedVolBars: z.coerce.number().int().min(2).default(50),
    /** Trend weak: |EMAfast − EMAslow| ≤ maxTrendStrength × ATR. */
    trendFastPeriod: z.coerce.number().int().min(1).default(20),
    trendSlowPeriod: z.coerce.number().int().min(2).default(50),
    atrPeriod: z.coerce.number().int().min(1).default(14),
    maxTrendStrength: z.coerce.number().positive().default(1),
    /** take_profit once this % of the credit (the most the condor can make) is in hand. */
    takeProfitPct: z.coerce.number().positive().max(100).default(50),
    /** stop_loss once the loss reaches this multiple of the credit. */
    stopLossCreditMultiple: z.coerce.number().positive().default(2),
    /** No entry with fewer calendar days than this to the expiry (1: never on the expiry day). */
    minDaysToExpiry: z.coerce.number().int().min(0).default(1),
    firstEntryAt: istClock.default('09:30'),
    lastEntryAt: istClock.default('14:30'),
    maxEntriesPerDay: z.coerce.number().int().min(1).default(1),
    /** On the expiry day, close on the first bar closing at or after this time. */
    expiryExitAt: istClock.default('09:30'),
    riskFreeRate: z.coerce.number().min(0).max(1).default(0.065),
  })
  .refine((p) => p.trendFastPeriod < p.trendSlowPeriod, {
    message: 'trendFastPeriod must be below trendSlowPeriod',
    path: ['trendFastPeriod'],
  })
  .refine((p) => p.ivRankMinDays <= p.ivRankLookbackDays, {
    message: 'ivRankMinDays must not exceed ivRankLookbackDays',
    path: ['ivRankMinDays'],
  });

export type IronCondorParams = z.output<typeof ironCondorParams>;
export type IronCondorInput = z.input<typeof ironCondorParams>;

/**
 * The 2012 file has one flat model IV and 20 sessions: the rank runs on realized volatility over
 * 10 daily readings (from the 6th session on) instead of implied volatility over a year.
 */
export const IRON_CONDOR_PRESETS: Readonly<Record<string, StrategyPreset<IronCondorInput>>> = {
  'nifty-2012': {
    id: 'nifty-2012',
    description:
      'realized-volatility rank over 10 sessions (5 to start), lot 50: the file has no option prices',
    instrument: 'NIFTY',
    params: { ivSource: 'realized', ivRankLookbackDays: 10, ivRankMinDays: 5 },
    lotSize: 50,
  },
};

/**
 * Sells the ~0.16-delta call and put and buys wings N strikes beyond them when volatility is rich
 * (rank ≥ 30) and the trend is weak; out at half the credit, a loss of two credits, or on the expiry
 * day. Rules as applied: docs/strategies/iron-condor.md.
 */
export class IronCondor implements Strategy {
  readonly id = IRON_CONDOR;
  readonly timeframe: IronCondorParams['timeframe'];
  readonly params: IronCondorParams;
  private readonly fast: Ema;
  private readonly slow: Ema;
  private readonly atr: Atr;
  /** Rolling σ of log returns: the population σ of a Bollinger window (no band is used). */
  private readonly returns: BollingerBands;
  private readonly annualize: number;
  private previousClose: number | undefined;
  /** One volatility reading per finished session (its last), oldest first. */
  private readonly daily: number[] = [];
  private sessionDate: string | undefined;
  private sessionLast: number | undefined;
  private readonly firstEntryMinute: number;
  private readonly lastEntryMinute: number;
  private readonly expiryExitMinute: number;

  constructor(input: IronCondorInput = {}, overrides?: Readonly<Record<string, unknown>>) {
    this.params = parseParams(IRON_CONDOR, ironCondorParams, input, overrides);
    const p = this.params;
    this.timeframe = p.timeframe;
    this.fast = new Ema(p.trendFastPeriod);
    this.slow = new Ema(p.trendSlowPeriod);
    this.atr = new Atr(p.atrPeriod);
    this.returns = new BollingerBands(p.realizedVolBars, 1);
    this.annualize = Math.sqrt((TRADING_DAYS_PER_YEAR * SESSION_MINUTES) / timeframeMinutes(p.timeframe));
    this.firstEntryMinute = clockMinutes(p.firstEntryAt);
    this.lastEntryMinute = clockMinutes(p.lastEntryAt);
    this.expiryExitMinute = clockMinutes(p.expiryExitAt);
  }

  onBar(bar: Bar, position: PositionView, context: StrategyContext): readonly Intent[] {
    const p = this.params;
    const fast = this.fast.update(bar.close);
    const slow = this.slow.update(bar.close);
    const atr = this.atr.update(bar);
    const realized = this.realizedVolatility(bar.close);
    const expiry = context.currentExpiry;
    const iv = atmImpliedVolatility(bar.close, context, expiry, p.riskFreeRate);
    const ivRank = this.rank(p.ivSource === 'implied' ? iv : realized, context.date);

    const open = position.open;
    if (open !== null) {
      const { credit, pnl } = creditPnl(open);
      const reason = this.exitReason(open, credit, pnl, context);
      if (reason === null) return NO_INTENTS;
      return [{ kind: 'EXIT', reason, indicators: { close: bar.close, credit, pnl } }];
    }

    if (fast === undefined || slow === undefined || atr === undefined || !(atr > 0)) return NO_INTENTS;
    if (ivRank === undefined || iv === undefined) return NO_INTENTS;
    if (position.pending || position.entriesToday >= p.maxEntriesPerDay) return NO_INTENTS;
    if (context.minuteOfDay < this.firstEntryMinute || context.minuteOfDay > this.lastEntryMinute)
      return NO_INTENTS;
    if (daysToExpiry(context, expiry) < p.minDaysToExpiry) return NO_INTENTS;
    if (ivRank < p.minIvRank) return NO_INTENTS;
    const trendStrength = Math.abs(fast - slow) / atr;
    if (trendStrength > p.maxTrendStrength) return NO_INTENTS;

    const shortCall = strikeForDelta('CE', p.shortDelta, bar.close, context, expiry, iv, p.riskFreeRate);
    const shortPut = strikeForDelta('PE', p.shortDelta, bar.close, context, expiry, iv, p.riskFreeRate);
    const width = p.wingStrikes * context.strikeInterval;
    const longCall = shortCall + width;
    const longPut = shortPut - width;
    if (longPut <= 0 || shortPut >= shortCall) return NO_INTENTS;
    const price = (optionType: 'CE' | 'PE', strike: number) =>
      context.premium({ optionType, strike, expiry });
    const credit =
      price('CE', shortCall) + price('PE', shortPut) - price('CE', longCall) - price('PE', longPut);
    if (!(credit > 0)) return NO_INTENTS;
    // Only one side can finish in the money, so the worst case is one wing's width less the credit.
    const maxLoss = width - credit;

    return [
      {
        kind: 'ENTER',
        tag: IRON_CONDOR_TAG,
        // Wings first: an executor sending legs in order hedges before it sells.
        legs: [
          { optionType: 'PE', strike: longPut, expiry, side: 'BUY', lots: 1, role: 'HEDGE' },
          { optionType: 'CE', strike: longCall, expiry, side: 'BUY', lots: 1, role: 'HEDGE' },
          { optionType: 'PE', strike: shortPut, expiry, side: 'SELL', lots: 1, role: 'MAIN' },
          { optionType: 'CE', strike: shortCall, expiry, side: 'SELL', lots: 1, role: 'MAIN' },
        ],
        reason: `iron condor ${longPut}/${shortPut}/${shortCall}/${longCall}: IV rank ${ivRank.toFixed(0)}, trend weak`,
        indicators: {
          close: bar.close,
          iv,
          volatility: p.ivSource === 'implied' ? iv : realized!,
          ivRank,
          emaFast: fast,
          emaSlow: slow,
          atr,
          trendStrength,
          credit,
          maxLoss,
        },
        stopRisk: maxLoss,
      },
    ];
  }

  private realizedVolatility(close: number): number | undefined {
    const previous = this.previousClose;
    this.previousClose = close;
    if (previous === undefined) return undefined;
    if (this.returns.update(Math.log(close / previous)) === undefined) return undefined;
    return this.returns.stdDev! * this.annualize;
  }

  /**
   * Rank of `reading` among the last `ivRankLookbackDays` daily readings and itself:
   * 100 × (reading − min) / (max − min). A session's reading is its last bar's; it joins the history
   * when the next session starts.
   */
  private rank(reading: number | undefined, date: string): number | undefined {
    const p = this.params;
    if (date !== this.sessionDate) {
      if (this.sessionLast !== undefined) {
        this.daily.push(this.sessionLast);
        if (this.daily.length > p.ivRankLookbackDays) this.daily.shift();
      }
      this.sessionDate = date;
      this.sessionLast = undefined;
    }
    if (reading === undefined) return undefined;
    this.sessionLast = reading;
    if (this.daily.length < p.ivRankMinDays) return undefined;
    let min = reading;
    let max = reading;
    for (const value of this.daily) {
      if (value < min) min = value;
      if (value > max) max = value;
    }
    return max - min < FLAT_VOLATILITY ? 0 : (100 * (reading - min)) / (max - min);
  }

  private exitReason(
    open: OpenPositionView,
    credit: number,
    pnl: number,
    context: StrategyContext,
  ): string | null {
    const p = this.params;
    if (pnl <= -p.stopLossCreditMultiple * credit + PRICE_EPSILON) return 'stop_loss';
    if (pnl >= (p.takeProfitPct / 100) * credit - PRICE_EPSILON) return 'take_profit';
    if (isExpiryDay(open, context.date) && context.minuteOfDay >= this.expiryExitMinute) return 'expiry_day';
    return null;
  }
}
