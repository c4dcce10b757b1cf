import { SuperTrend } from '@dalal/indicators';
import { type Bar, type IsoDate, type OptionType } from '@dalal/market';
import { z } from 'zod';

import {
  PRICE_EPSILON,
  atmImpliedVolatility,
  creditPnl,
  daysToExpiry,
  strikeForDelta,
} from './short-premium';
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

export const CREDIT_SPREAD = 'credit-spread';
export const BULL_PUT_TAG = 'BULL_PUT';
export const BEAR_CALL_TAG = 'BEAR_CALL';

export const creditSpreadParams = z.object({
  timeframe: z.enum(['5m', '15m', '30m', '1h']).default('15m'),
  /** Trend direction: SuperTrend(period, multiplier) on the strategy bars. */
  superTrendPeriod: z.coerce.number().int().min(1).default(10),
  superTrendMultiplier: z.coerce.number().positive().default(3),
  /** The short strike is the listed strike whose |delta| is closest to this. */
  shortDelta: z.coerce.number().gt(0).lt(1).default(0.3),
  /** The bought wing sits this many strikes further out of the money. */
  wingStrikes: z.coerce.number().int().min(1).default(4),
  /** take_profit once this % of the credit (the most the spread can make) is in hand. */
  takeProfitPct: z.coerce.number().positive().max(100).default(50),
  /** stop_loss once the loss reaches this multiple of the credit. */
  stopLossCreditMultiple: z.coerce.number().positive().default(1),
  /** No entry with fewer calendar days than this to the expiry (1: never on the expiry day). */
  minDaysToExpiry: z.coerce.number().int().min(0).default(1),
  firstEntryAt: istClock.default('09:30'),
  lastEntryAt: istClock.default('14:30'),
  maxEntriesPerDay: z.coerce.number().int().min(1).default(1),
  /** On the expiry day, close on the first bar closing at or after this time. */
  expiryExitAt: istClock.default('09:30'),
  /** Risk-free rate used to read implied volatility and delta (the backtester prices at 6.5%). */
  riskFreeRate: z.coerce.number().min(0).max(1).default(0.065),
});

export type CreditSpreadParams = z.output<typeof creditSpreadParams>;
export type CreditSpreadInput = z.input<typeof creditSpreadParams>;

/** Deltas, percentages and strike counts do not scale with the index level; only the 2012 lot. */
export const CREDIT_SPREAD_PRESETS: Readonly<Record<string, StrategyPreset<CreditSpreadInput>>> = {
  'nifty-2012': {
    id: 'nifty-2012',
    description: 'defaults with NIFTY’s 2012 lot of 50',
    instrument: 'NIFTY',
    params: {},
    lotSize: 50,
  },
};

/**
 * A vertical credit spread with the trend: in a SuperTrend up-trend, a bull put spread (sell the
 * ~0.30-delta put, buy the put `wingStrikes` below); in a down-trend, a bear call spread. Out at half
 * the credit, a loss of one credit, the trend turning, or on the expiry day.
 * Rules as applied: docs/strategies/credit-spread.md.
 */
export class CreditSpread implements Strategy {
  readonly id = CREDIT_SPREAD;
  readonly timeframe: CreditSpreadParams['timeframe'];
  readonly params: CreditSpreadParams;
  private readonly trend: SuperTrend;
  private readonly firstEntryMinute: number;
  private readonly lastEntryMinute: number;
  private readonly expiryExitMinute: number;

  constructor(input: CreditSpreadInput = {}, overrides?: Readonly<Record<string, unknown>>) {
    this.params = parseParams(CREDIT_SPREAD, creditSpreadParams, input, overrides);
    this.timeframe = this.params.timeframe;
    this.trend = new SuperTrend(this.params.superTrendPeriod, this.params.superTrendMultiplier);
    this.firstEntryMinute = clockMinutes(this.params.firstEntryAt);
    this.lastEntryMinute = clockMinutes(this.params.lastEntryAt);
    this.expiryExitMinute = clockMinutes(this.params.expiryExitAt);
  }

  onBar(bar: Bar, position: PositionView, context: StrategyContext): readonly Intent[] {
    const line = this.trend.update(bar);
    if (line === undefined) return NO_INTENTS;
    const direction = this.trend.direction!;
    const p = this.params;

    const open = position.open;
    if (open !== null) {
      const { credit, pnl } = creditPnl(open);
      const reason = this.exitReason(open, credit, pnl, direction, context);
      if (reason === null) return NO_INTENTS;
      return [
        {
          kind: 'EXIT',
          reason,
          indicators: { close: bar.close, superTrend: line, direction, credit, pnl },
        },
      ];
    }

    if (position.pending || position.entriesToday >= p.maxEntriesPerDay) return NO_INTENTS;
    if (context.minuteOfDay < this.firstEntryMinute || context.minuteOfDay > this.lastEntryMinute)
      return NO_INTENTS;
    const expiry = context.currentExpiry;
    if (daysToExpiry(context, expiry) < p.minDaysToExpiry) return NO_INTENTS;
    const iv = atmImpliedVolatility(bar.close, context, expiry, p.riskFreeRate);
    if (iv === undefined) return NO_INTENTS;

    const optionType: OptionType = direction === 1 ? 'PE' : 'CE';
    const short = strikeForDelta(optionType, p.shortDelta, bar.close, context, expiry, iv, p.riskFreeRate);
    const width = p.wingStrikes * context.strikeInterval;
    const long = optionType === 'PE' ? short - width : short + width;
    if (long <= 0) return NO_INTENTS;
    const shortPremium = context.premium({ optionType, strike: short, expiry });
    const longPremium = context.premium({ optionType, strike: long, expiry });
    const credit = shortPremium - longPremium;
    if (!(credit > 0)) return NO_INTENTS;
    const maxLoss = width - credit;

    const tag = optionType === 'PE' ? BULL_PUT_TAG : BEAR_CALL_TAG;
    return [
      {
        kind: 'ENTER',
        tag,
        // The bought wing first: an executor sending legs in order puts the hedge on before the short.
        legs: [
          { optionType, strike: long, expiry, side: 'BUY', lots: 1, role: 'HEDGE' },
          { optionType, strike: short, expiry, side: 'SELL', lots: 1, role: 'MAIN' },
        ],
        reason: `${direction === 1 ? 'up' : 'down'}-trend: ${tag === BULL_PUT_TAG ? 'bull put' : 'bear call'} spread ${short}/${long}`,
        indicators: {
          close: bar.close,
          superTrend: line,
          direction,
          iv,
          shortStrike: short,
          longStrike: long,
          credit,
          maxLoss,
        },
        stopRisk: maxLoss,
      },
    ];
  }

  private exitReason(
    open: OpenPositionView,
    credit: number,
    pnl: number,
    direction: 1 | -1,
    context: StrategyContext,
  ): string | null {
    const p = this.params;
    if (pnl <= -p.stopLossCreditMultiple * credit + PRICE_EPSILON) return 'stop_loss';
    if (pnl >= (p.takeProfitPct / 100) * credit - PRICE_EPSILON) return 'take_profit';
    if (open.tag === BULL_PUT_TAG ? direction === -1 : direction === 1) return 'trend_reversal';
    if (isExpiryDay(open, context.date) && context.minuteOfDay >= this.expiryExitMinute) return 'expiry_day';
    return null;
  }
}

/** The position's nearest leg expiry is today (or has passed). */
export function isExpiryDay(open: OpenPositionView, today: IsoDate): boolean {
  return open.legs.some((leg) => leg.expiry <= today);
}
