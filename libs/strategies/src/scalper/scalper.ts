import { Ema } from '@dalal/indicators';
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

export const SCALPER = 'scalper';

const HOUR_MS = 3_600_000;
/** Premium differences within this many ticks of a threshold count as reaching it (float noise). */
const TICK_EPSILON = 1e-9;

export const scalperParams = z
  .object({
    /** One-minute bars: the interface has no tick callback, so the finest input is the 1m bar. */
    timeframe: z.enum(['1m']).default('1m'),
    fastPeriod: z.coerce.number().int().min(1).default(5),
    slowPeriod: z.coerce.number().int().min(2).default(13),
    /** Price step the target and stop are counted in: NSE/BSE index options tick at ₹0.05. */
    tickSize: z.coerce.number().positive().default(0.05),
    /** target when the option's premium is this many ticks above the entry fill. */
    targetTicks: z.coerce.number().int().min(1).default(40),
    /** stop_loss when it is this many ticks below. */
    stopTicks: z.coerce.number().int().min(1).default(20),
    /** time exit after this many closed bars held (minutes on 1m bars). */
    maxBarsHeld: z.coerce.number().int().min(1).default(5),
    /** At most this many entries filled in any rolling 60 minutes. */
    maxTradesPerHour: z.coerce.number().int().min(1).default(4),
    lots: z.coerce.number().int().min(1).default(1),
    /** No entry on a bar closing before this (the opening minutes are the noisiest). */
    firstEntryAt: istClock.default('09:20'),
    lastEntryAt: istClock.default('15:00'),
    squareOffAt: istClock.default('15:15'),
  })
  .refine((p) => p.fastPeriod < p.slowPeriod, {
    message: 'fastPeriod must be below slowPeriod',
    path: ['fastPeriod'],
  });

export type ScalperParams = z.output<typeof scalperParams>;
export type ScalperInput = z.input<typeof scalperParams>;

/** The target and stop are in option-premium ticks, which do not scale with the index level. */
export const SCALPER_PRESETS: Readonly<Record<string, StrategyPreset<ScalperInput>>> = {
  'nifty-2012': {
    id: 'nifty-2012',
    description: 'defaults with NIFTY’s 2012 lot of 50',
    instrument: 'NIFTY',
    params: {},
    lotSize: 50,
  },
};

/**
 * One-minute momentum scalps with bought ATM options: a close through the previous minute's high
 * while the fast EMA is above the slow one buys a call (the mirror buys a put); out at a small fixed
 * target or stop counted in premium ticks, after a few minutes, or at 15:15, with a cap on entries in
 * any hour. Rules as applied: docs/strategies/scalper.md.
 */
export class Scalper implements Strategy {
  readonly id = SCALPER;
  readonly timeframe: ScalperParams['timeframe'];
  readonly params: ScalperParams;
  private readonly fast: Ema;
  private readonly slow: Ema;
  private previousBar: Bar | undefined;
  /** Fill instants of recent entries, oldest first, as seen in the position view. */
  private readonly entryTimes: number[] = [];
  private readonly firstEntryMinute: number;
  private readonly lastEntryMinute: number;
  private readonly squareOffMinute: number;

  constructor(input: ScalperInput = {}, overrides?: Readonly<Record<string, unknown>>) {
    this.params = parseParams(SCALPER, scalperParams, input, overrides);
    this.timeframe = this.params.timeframe;
    this.fast = new Ema(this.params.fastPeriod);
    this.slow = new Ema(this.params.slowPeriod);
    this.firstEntryMinute = clockMinutes(this.params.firstEntryAt);
    this.lastEntryMinute = clockMinutes(this.params.lastEntryAt);
    this.squareOffMinute = clockMinutes(this.params.squareOffAt);
  }

  onBar(bar: Bar, position: PositionView, context: StrategyContext): readonly Intent[] {
    const previousBar = this.previousBar;
    this.previousBar = bar;
    const open = position.open;
    // Every filled entry is seen open on at least one bar (its exit fills on a later bar's open).
    if (open !== null && this.entryTimes[this.entryTimes.length - 1] !== open.entryTime) {
      this.entryTimes.push(open.entryTime);
    }
    while (this.entryTimes.length > 0 && this.entryTimes[0]! <= context.now - HOUR_MS)
      this.entryTimes.shift();

    const fast = this.fast.update(bar.close);
    const slow = this.slow.update(bar.close);
    if (fast === undefined || slow === undefined) return NO_INTENTS;
    const p = this.params;

    if (open !== null) {
      const pnlTicks = (open.currentPremium - open.entryPremium) / p.tickSize;
      const reason = this.exitReason(open, pnlTicks, context);
      if (reason === null) return NO_INTENTS;
      return [
        {
          kind: 'EXIT',
          reason,
          indicators: {
            close: bar.close,
            premium: open.currentPremium,
            entryPremium: open.entryPremium,
            pnlTicks,
            barsHeld: open.barsHeld,
          },
        },
      ];
    }

    if (position.pending || previousBar === undefined) return NO_INTENTS;
    if (context.minuteOfDay < this.firstEntryMinute || context.minuteOfDay > this.lastEntryMinute)
      return NO_INTENTS;
    if (this.entryTimes.length >= p.maxTradesPerHour) return NO_INTENTS;

    let optionType: OptionType;
    if (bar.close > previousBar.high && fast > slow) optionType = 'CE';
    else if (bar.close < previousBar.low && fast < slow) optionType = 'PE';
    else return NO_INTENTS;
    const strike = roundToStrike(bar.close, context.strikeInterval);
    return [
      {
        kind: 'ENTER',
        tag: optionType,
        legs: [{ optionType, strike, expiry: context.currentExpiry, side: 'BUY', lots: p.lots }],
        reason: `close through the previous minute's ${optionType === 'CE' ? 'high' : 'low'} with EMA${p.fastPeriod} ${optionType === 'CE' ? 'above' : 'below'} EMA${p.slowPeriod}`,
        indicators: {
          close: bar.close,
          previousHigh: previousBar.high,
          previousLow: previousBar.low,
          emaFast: fast,
          emaSlow: slow,
          entriesLastHour: this.entryTimes.length,
        },
      },
    ];
  }

  private exitReason(open: OpenPositionView, pnlTicks: number, context: StrategyContext): string | null {
    const p = this.params;
    if (pnlTicks <= -p.stopTicks + TICK_EPSILON) return 'stop_loss';
    if (pnlTicks >= p.targetTicks - TICK_EPSILON) return 'target';
    if (open.barsHeld >= p.maxBarsHeld) return 'time';
    if (context.minuteOfDay >= this.squareOffMinute) return 'square_off';
    return null;
  }
}
