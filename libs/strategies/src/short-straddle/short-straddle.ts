import { atmStrike, type Bar } from '@dalal/market';
import { z } from 'zod';

import { type StrategyPreset } from '../ema-mean-reversion/ema-mean-reversion.presets';
import { clockMinutes, istClock, parseParams } from '../params';
import { NO_INTENTS, type Intent, type PositionView, type Strategy, type StrategyContext } from '../strategy';

export const SHORT_STRADDLE = 'short-straddle';
export const STRADDLE_TAG = 'STRADDLE';
/** Premium comparisons forgive float noise far below a tick (200 × 1.1 is 220.00000000000003). */
const PRICE_EPSILON = 1e-9;

export const shortStraddleParams = z
  .object({
    /** 1m so the combined-premium stop is checked every minute. */
    timeframe: z.enum(['1m', '3m', '5m']).default('1m'),
    /** Sell on the first bar closing at or after this time … */
    entryAt: istClock.default('09:20'),
    /** … and no later than this one (an entry delayed by a working order is dropped after it). */
    lastEntryAt: istClock.default('14:30'),
    /** stop_loss when the cost to buy both legs back is this % above the credit taken in. */
    stopLossPct: z.coerce.number().positive().default(25),
    /** Lots sold of each leg. */
    lots: z.coerce.number().int().min(1).default(1),
    maxEntriesPerDay: z.coerce.number().int().min(1).default(1),
    squareOffAt: istClock.default('15:15'),
  })
  .refine((p) => clockMinutes(p.entryAt) <= clockMinutes(p.lastEntryAt), {
    message: 'entryAt must not be after lastEntryAt',
    path: ['entryAt'],
  });

export type ShortStraddleParams = z.output<typeof shortStraddleParams>;
export type ShortStraddleInput = z.input<typeof shortStraddleParams>;

/** The stop is a percentage of the credit, so nothing scales with the index level. */
export const SHORT_STRADDLE_PRESETS: Readonly<Record<string, StrategyPreset<ShortStraddleInput>>> = {
  'nifty-2012': {
    id: 'nifty-2012',
    description: 'defaults with NIFTY’s 2012 lot of 50',
    instrument: 'NIFTY',
    params: {},
    lotSize: 50,
  },
};

/**
 * Intraday short straddle: sells the ATM call and put at 09:20 and buys both back when their combined
 * premium has risen 25% above the credit (one stop on the pair, not one per leg), or at 15:15.
 * Rules as applied: docs/strategies/short-straddle.md.
 */
export class ShortStraddle implements Strategy {
  readonly id = SHORT_STRADDLE;
  readonly timeframe: ShortStraddleParams['timeframe'];
  readonly params: ShortStraddleParams;
  private readonly entryMinute: number;
  private readonly lastEntryMinute: number;
  private readonly squareOffMinute: number;

  constructor(input: ShortStraddleInput = {}, overrides?: Readonly<Record<string, unknown>>) {
    this.params = parseParams(SHORT_STRADDLE, shortStraddleParams, input, overrides);
    this.timeframe = this.params.timeframe;
    this.entryMinute = clockMinutes(this.params.entryAt);
    this.lastEntryMinute = clockMinutes(this.params.lastEntryAt);
    this.squareOffMinute = clockMinutes(this.params.squareOffAt);
  }

  onBar(bar: Bar, position: PositionView, context: StrategyContext): readonly Intent[] {
    const p = this.params;
    const open = position.open;
    if (open !== null) {
      // Net premiums are signed (credit negative): flip them to read as money in and money to close.
      const credit = -open.entryPremium;
      const combined = -open.currentPremium;
      const stopAt = credit * (1 + p.stopLossPct / 100);
      const indicators = { close: bar.close, credit, combined, stopAt };
      if (combined >= stopAt - PRICE_EPSILON) return [{ kind: 'EXIT', reason: 'stop_loss', indicators }];
      if (context.minuteOfDay >= this.squareOffMinute)
        return [{ kind: 'EXIT', reason: 'square_off', indicators }];
      return NO_INTENTS;
    }
    if (position.pending || position.entriesToday >= p.maxEntriesPerDay) return NO_INTENTS;
    if (context.minuteOfDay < this.entryMinute || context.minuteOfDay > this.lastEntryMinute)
      return NO_INTENTS;

    const strike = atmStrike(bar.close, context.strikeInterval);
    const expiry = context.currentExpiry;
    const call = context.premium({ optionType: 'CE', strike, expiry });
    const put = context.premium({ optionType: 'PE', strike, expiry });
    return [
      {
        kind: 'ENTER',
        tag: STRADDLE_TAG,
        legs: [
          { optionType: 'CE', strike, expiry, side: 'SELL', lots: p.lots },
          { optionType: 'PE', strike, expiry, side: 'SELL', lots: p.lots },
        ],
        reason: `sell the ${strike} straddle`,
        indicators: { close: bar.close, strike, callPremium: call, putPremium: put, credit: call + put },
      },
    ];
  }
}
