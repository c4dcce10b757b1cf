import { Sma } from '@dalal/indicators';
import { roundToStrike, type Bar, type OptionType } from '@dalal/market';
import { z } from 'zod';

import { clockMinutes, istClock, parseParams } from '../params';
import { NO_INTENTS, type Intent, type PositionView, type Strategy, type StrategyContext } from '../strategy';

export const SMA_CROSSOVER = 'sma-crossover';

export const smaCrossoverParams = z
  .object({
    timeframe: z.enum(['1m', '3m', '5m', '15m', '30m', '1h']).default('5m'),
    fastPeriod: z.coerce.number().int().min(1).default(9),
    slowPeriod: z.coerce.number().int().min(2).default(21),
    /** Lots bought per entry. */
    lots: z.coerce.number().int().min(1).default(1),
    lastEntryAt: istClock.default('15:00'),
    squareOffAt: istClock.default('15:15'),
  })
  .refine((p) => p.fastPeriod < p.slowPeriod, {
    message: 'fastPeriod must be below slowPeriod',
    path: ['fastPeriod'],
  });

export type SmaCrossoverParams = z.output<typeof smaCrossoverParams>;

/**
 * Trend following with options: the fast SMA crossing above the slow one buys an ATM call, crossing
 * below buys an ATM put; the opposite cross or 15:15 closes it. Rules: docs/strategies/sma-crossover.md.
 */
export class SmaCrossover implements Strategy {
  readonly id = SMA_CROSSOVER;
  readonly timeframe: SmaCrossoverParams['timeframe'];
  readonly params: SmaCrossoverParams;
  private readonly fast: Sma;
  private readonly slow: Sma;
  private previousDiff: number | undefined;
  private readonly lastEntryMinute: number;
  private readonly squareOffMinute: number;

  constructor(input: Readonly<Record<string, unknown>> = {}, overrides?: Readonly<Record<string, unknown>>) {
    this.params = parseParams(SMA_CROSSOVER, smaCrossoverParams, input, overrides);
    this.timeframe = this.params.timeframe;
    this.fast = new Sma(this.params.fastPeriod);
    this.slow = new Sma(this.params.slowPeriod);
    this.lastEntryMinute = clockMinutes(this.params.lastEntryAt);
    this.squareOffMinute = clockMinutes(this.params.squareOffAt);
  }

  onBar(bar: Bar, position: PositionView, context: StrategyContext): readonly Intent[] {
    const fast = this.fast.update(bar.close);
    const slow = this.slow.update(bar.close);
    if (fast === undefined || slow === undefined) return NO_INTENTS;
    const diff = fast - slow;
    const previous = this.previousDiff;
    this.previousDiff = diff;
    // A cross needs a previous value on the other side (or on zero): diff changes sign.
    const crossUp = previous !== undefined && previous <= 0 && diff > 0;
    const crossDown = previous !== undefined && previous >= 0 && diff < 0;
    const indicators = { close: bar.close, smaFast: fast, smaSlow: slow };

    const open = position.open;
    if (open !== null) {
      if ((open.tag === 'CE' && crossDown) || (open.tag === 'PE' && crossUp)) {
        return [{ kind: 'EXIT', reason: 'opposite_cross', indicators }];
      }
      if (context.minuteOfDay >= this.squareOffMinute)
        return [{ kind: 'EXIT', reason: 'square_off', indicators }];
      return NO_INTENTS;
    }
    if (position.pending || context.minuteOfDay > this.lastEntryMinute) return NO_INTENTS;
    if (!crossUp && !crossDown) return NO_INTENTS;
    const optionType: OptionType = crossUp ? 'CE' : 'PE';
    const strike = roundToStrike(bar.close, context.strikeInterval);
    return [
      {
        kind: 'ENTER',
        tag: optionType,
        legs: [{ optionType, strike, expiry: context.currentExpiry, side: 'BUY', lots: this.params.lots }],
        reason: `SMA${this.params.fastPeriod} crossed ${crossUp ? 'above' : 'below'} SMA${this.params.slowPeriod}`,
        indicators,
      },
    ];
  }
}
