import { Ema } from '@dalal/indicators';
import { type Bar, type OptionType, roundToStrike } from '@dalal/market';

import {
  emaMeanReversionParams,
  type EmaMeanReversionInput,
  type EmaMeanReversionParams,
} from './ema-mean-reversion.params';
import { clockMinutes, parseParams } from '../params';
import { NO_INTENTS, type Intent, type PositionView, type Strategy, type StrategyContext } from '../strategy';

export const EMA_MEAN_REVERSION = 'ema-mean-reversion';

/**
 * Buys an ATM-ish call on a green bar that dipped to the fast EMA in an up-leg (fast above slow, the
 * two close together), or a put on the mirror image, and gets out on the first of: close through the
 * slow EMA, an EMA cross, a stretch far from the slow EMA, a bar count, or 15:15. Rules, exactly as
 * applied, are in docs/strategies/ema-mean-reversion.md.
 */
export class EmaMeanReversion implements Strategy {
  readonly id = EMA_MEAN_REVERSION;
  readonly timeframe: EmaMeanReversionParams['timeframe'];
  readonly params: EmaMeanReversionParams;
  private readonly fast: Ema;
  private readonly slow: Ema;
  private readonly squareOffMinute: number;
  private readonly lastEntryMinute: number;
  private readonly strikeSwitchMinute: number;

  constructor(input: EmaMeanReversionInput = {}, overrides?: Readonly<Record<string, unknown>>) {
    this.params = parseParams(EMA_MEAN_REVERSION, emaMeanReversionParams, input, overrides);
    this.timeframe = this.params.timeframe;
    // Carried across sessions: yesterday's bars warm today's EMAs, nothing resets at the open.
    this.fast = new Ema(this.params.fastPeriod);
    this.slow = new Ema(this.params.slowPeriod);
    this.squareOffMinute = clockMinutes(this.params.squareOffAt);
    this.lastEntryMinute = clockMinutes(this.params.lastEntryAt);
    this.strikeSwitchMinute = clockMinutes(this.params.strikeSwitchAt);
  }

  onBar(bar: Bar, position: PositionView, context: StrategyContext): readonly Intent[] {
    const fast = this.fast.update(bar.close);
    const slow = this.slow.update(bar.close);
    if (fast === undefined || slow === undefined) return NO_INTENTS;
    const p = this.params;

    const open = position.open;
    if (open !== null) {
      const reason = this.exitReason(bar, open.tag as OptionType, open.barsHeld, fast, slow, context);
      if (reason === null) return NO_INTENTS;
      return [
        {
          kind: 'EXIT',
          reason,
          indicators: { close: bar.close, emaFast: fast, emaSlow: slow, barsHeld: open.barsHeld },
        },
      ];
    }

    if (position.pending) return NO_INTENTS;
    if (context.minuteOfDay > this.lastEntryMinute) return NO_INTENTS;

    const gap = Math.abs(fast - slow);
    if (gap > p.maxEmaGap) return NO_INTENTS;
    let optionType: OptionType;
    let touch: number;
    if (bar.close > bar.open && fast > slow) {
      optionType = 'CE';
      touch = Math.min(Math.abs(bar.open - fast), Math.abs(bar.low - fast));
    } else if (bar.close < bar.open && fast < slow) {
      optionType = 'PE';
      touch = Math.min(Math.abs(bar.open - fast), Math.abs(bar.high - fast));
    } else {
      return NO_INTENTS;
    }
    if (!(touch < p.maxTouchDistance)) return NO_INTENTS;

    const atm = roundToStrike(bar.close, p.atmRounding);
    const strike =
      context.minuteOfDay < this.strikeSwitchMinute
        ? atm
        : roundToStrike(atm + p.afternoonStrikeOffset, context.strikeInterval);
    const expiry = context.currentExpiry;
    // A bought option can lose its whole premium: that is the stop risk risk sizes the lots from.
    const premium = context.premium({ optionType, strike, expiry });

    return [
      {
        kind: 'ENTER',
        tag: optionType,
        legs: [{ optionType, strike, expiry, side: 'BUY', lots: 1 }],
        stopRisk: premium,
        reason: `${optionType === 'CE' ? 'green' : 'red'} bar near EMA${p.fastPeriod}`,
        indicators: {
          close: bar.close,
          emaFast: fast,
          emaSlow: slow,
          emaGap: gap,
          touchDistance: touch,
          premium,
        },
      },
    ];
  }

  private exitReason(
    bar: Bar,
    side: OptionType,
    barsHeld: number,
    fast: number,
    slow: number,
    context: StrategyContext,
  ): string | null {
    const p = this.params;
    const isCall = side === 'CE';
    if (isCall ? bar.close < slow : bar.close > slow) return 'stop_loss';
    if (isCall ? fast < slow : fast > slow) return 'ema_cross';
    if (Math.abs(bar.close - slow) > p.takeProfitDistance) return 'take_profit';
    if (barsHeld >= (isCall ? p.ceMaxBars : p.peMaxBars)) return 'time';
    if (context.minuteOfDay >= this.squareOffMinute) return 'square_off';
    return null;
  }
}
