import { Rsi } from '@dalal/indicators';
import { roundToStrike, type Bar, type OptionType } from '@dalal/market';
import { z } from 'zod';

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

export const RSI_REVERSION = 'rsi-reversion';

export const rsiReversionParams = z
  .object({
    timeframe: z.enum(['1m', '3m', '5m', '15m', '30m', '1h']).default('5m'),
    rsiPeriod: z.coerce.number().int().min(2).default(14),
    /** CE entry when RSI climbs back above this from at or below it. */
    oversold: z.coerce.number().min(0).max(100).default(30),
    /** PE entry when RSI falls back below this from at or above it. */
    overbought: z.coerce.number().min(0).max(100).default(70),
    /** Exit: a CE once RSI ≥ midline, a PE once RSI ≤ midline. */
    midline: z.coerce.number().min(0).max(100).default(50),
    /** stop_loss when the bought option has lost this % of its entry premium (0 = off). */
    stopLossPct: z.coerce.number().min(0).max(100).default(30),
    /** Lots bought per entry. */
    lots: z.coerce.number().int().min(1).default(1),
    maxEntriesPerDay: z.coerce.number().int().min(1).default(3),
    lastEntryAt: istClock.default('15:00'),
    squareOffAt: istClock.default('15:15'),
  })
  .refine((p) => p.oversold < p.midline && p.midline < p.overbought, {
    message: 'need oversold < midline < overbought',
    path: ['midline'],
  });

export type RsiReversionParams = z.output<typeof rsiReversionParams>;
export type RsiReversionInput = z.input<typeof rsiReversionParams>;

/** Percent thresholds need no price scaling; the 2012 file only needs NIFTY's lot of the time. */
export const RSI_REVERSION_PRESETS: Readonly<Record<string, StrategyPreset<RsiReversionInput>>> = {
  'nifty-2012': {
    id: 'nifty-2012',
    description: 'defaults with NIFTY’s 2012 lot of 50',
    instrument: 'NIFTY',
    params: {},
    lotSize: 50,
  },
};

/**
 * Mean reversion with bought options: RSI leaving oversold buys an ATM call, leaving overbought an ATM
 * put; the trade ends when RSI reaches the midline, on a premium stop, or at 15:15.
 * Rules as applied: docs/strategies/rsi-reversion.md.
 */
export class RsiReversion implements Strategy {
  readonly id = RSI_REVERSION;
  readonly timeframe: RsiReversionParams['timeframe'];
  readonly params: RsiReversionParams;
  private readonly rsi: Rsi;
  private previous: number | undefined;
  private readonly lastEntryMinute: number;
  private readonly squareOffMinute: number;

  constructor(input: RsiReversionInput = {}, overrides?: Readonly<Record<string, unknown>>) {
    this.params = parseParams(RSI_REVERSION, rsiReversionParams, input, overrides);
    this.timeframe = this.params.timeframe;
    // Carried across sessions like the other strategies' indicators: no reset at the open.
    this.rsi = new Rsi(this.params.rsiPeriod);
    this.lastEntryMinute = clockMinutes(this.params.lastEntryAt);
    this.squareOffMinute = clockMinutes(this.params.squareOffAt);
  }

  onBar(bar: Bar, position: PositionView, context: StrategyContext): readonly Intent[] {
    const rsi = this.rsi.update(bar.close);
    if (rsi === undefined) return NO_INTENTS;
    const previous = this.previous;
    this.previous = rsi;
    const p = this.params;
    const indicators = { close: bar.close, rsi, rsiPrevious: previous ?? Number.NaN };

    const open = position.open;
    if (open !== null) {
      const reason = this.exitReason(open, rsi, context);
      return reason === null ? NO_INTENTS : [{ kind: 'EXIT', reason, indicators }];
    }
    if (position.pending || context.minuteOfDay > this.lastEntryMinute) return NO_INTENTS;
    if (position.entriesToday >= p.maxEntriesPerDay || previous === undefined) return NO_INTENTS;

    let optionType: OptionType;
    if (previous <= p.oversold && rsi > p.oversold) optionType = 'CE';
    else if (previous >= p.overbought && rsi < p.overbought) optionType = 'PE';
    else return NO_INTENTS;
    const strike = roundToStrike(bar.close, context.strikeInterval);
    return [
      {
        kind: 'ENTER',
        tag: optionType,
        legs: [{ optionType, strike, expiry: context.currentExpiry, side: 'BUY', lots: p.lots }],
        reason:
          optionType === 'CE'
            ? `RSI${p.rsiPeriod} back above ${p.oversold} from oversold`
            : `RSI${p.rsiPeriod} back below ${p.overbought} from overbought`,
        indicators,
      },
    ];
  }

  private exitReason(open: OpenPositionView, rsi: number, context: StrategyContext): string | null {
    const p = this.params;
    if (p.stopLossPct > 0 && open.currentPremium <= open.entryPremium * (1 - p.stopLossPct / 100)) {
      return 'stop_loss';
    }
    if (open.tag === 'CE' ? rsi >= p.midline : rsi <= p.midline) return 'midline';
    if (context.minuteOfDay >= this.squareOffMinute) return 'square_off';
    return null;
  }
}
