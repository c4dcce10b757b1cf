import { BollingerBands } from '@dalal/indicators';
import { roundToStrike, type Bar, type OptionType } from '@dalal/market';
import { z } from 'zod';

import { type StrategyPreset } from '../ema-mean-reversion/ema-mean-reversion.presets';
import { clockMinutes, istClock, parseParams } from '../params';
import { NO_INTENTS, type Intent, type PositionView, type Strategy, type StrategyContext } from '../strategy';

export const BOLLINGER_BREAKOUT = 'bollinger-breakout';

export const bollingerBreakoutParams = z.object({
  timeframe: z.enum(['1m', '3m', '5m', '15m', '30m', '1h']).default('5m'),
  period: z.coerce.number().int().min(2).default(20),
  /** Band width in population standard deviations. */
  stdDevs: z.coerce.number().positive().default(2),
  /** Lots bought per entry. */
  lots: z.coerce.number().int().min(1).default(1),
  maxEntriesPerDay: z.coerce.number().int().min(1).default(3),
  lastEntryAt: istClock.default('15:00'),
  squareOffAt: istClock.default('15:15'),
});

export type BollingerBreakoutParams = z.output<typeof bollingerBreakoutParams>;
export type BollingerBreakoutInput = z.input<typeof bollingerBreakoutParams>;

/** Bands are in standard deviations, so nothing scales with the price level; only the 2012 lot. */
export const BOLLINGER_BREAKOUT_PRESETS: Readonly<Record<string, StrategyPreset<BollingerBreakoutInput>>> = {
  'nifty-2012': {
    id: 'nifty-2012',
    description: 'defaults with NIFTY’s 2012 lot of 50',
    instrument: 'NIFTY',
    params: {},
    lotSize: 50,
  },
};

interface Bands {
  readonly close: number;
  readonly upper: number;
  readonly middle: number;
  readonly lower: number;
}

/**
 * Volatility breakout with bought options: a close that breaks out above the upper band buys an ATM
 * call, below the lower band an ATM put; the close falling back through the middle band, or 15:15,
 * ends it. Rules as applied: docs/strategies/bollinger-breakout.md.
 */
export class BollingerBreakout implements Strategy {
  readonly id = BOLLINGER_BREAKOUT;
  readonly timeframe: BollingerBreakoutParams['timeframe'];
  readonly params: BollingerBreakoutParams;
  private readonly bands: BollingerBands;
  private previous: Bands | undefined;
  private readonly lastEntryMinute: number;
  private readonly squareOffMinute: number;

  constructor(input: BollingerBreakoutInput = {}, overrides?: Readonly<Record<string, unknown>>) {
    this.params = parseParams(BOLLINGER_BREAKOUT, bollingerBreakoutParams, input, overrides);
    this.timeframe = this.params.timeframe;
    this.bands = new BollingerBands(this.params.period, this.params.stdDevs);
    this.lastEntryMinute = clockMinutes(this.params.lastEntryAt);
    this.squareOffMinute = clockMinutes(this.params.squareOffAt);
  }

  onBar(bar: Bar, position: PositionView, context: StrategyContext): readonly Intent[] {
    const middle = this.bands.update(bar.close);
    if (middle === undefined) return NO_INTENTS;
    const now: Bands = { close: bar.close, upper: this.bands.upper!, middle, lower: this.bands.lower! };
    const previous = this.previous;
    this.previous = now;
    const indicators = { close: bar.close, upper: now.upper, middle, lower: now.lower };

    const open = position.open;
    if (open !== null) {
      if (open.tag === 'CE' ? bar.close < middle : bar.close > middle)
        return [{ kind: 'EXIT', reason: 'middle_band', indicators }];
      if (context.minuteOfDay >= this.squareOffMinute)
        return [{ kind: 'EXIT', reason: 'square_off', indicators }];
      return NO_INTENTS;
    }
    const p = this.params;
    if (position.pending || context.minuteOfDay > this.lastEntryMinute) return NO_INTENTS;
    if (position.entriesToday >= p.maxEntriesPerDay || previous === undefined) return NO_INTENTS;

    // A breakout is the first close outside a band: the previous close was inside its own bands.
    let optionType: OptionType;
    if (bar.close > now.upper && previous.close <= previous.upper) optionType = 'CE';
    else if (bar.close < now.lower && previous.close >= previous.lower) optionType = 'PE';
    else return NO_INTENTS;
    const strike = roundToStrike(bar.close, context.strikeInterval);
    return [
      {
        kind: 'ENTER',
        tag: optionType,
        legs: [{ optionType, strike, expiry: context.currentExpiry, side: 'BUY', lots: p.lots }],
        reason: `close broke ${optionType === 'CE' ? 'above the upper' : 'below the lower'} Bollinger band (${p.period}, ${p.stdDevs})`,
        indicators,
      },
    ];
  }
}
