import { daysBetween, type Bar, type OptionType } from '@dalal/market';

import {
  ZONE_SIGNALS,
  hourlyZonesParams,
  type HourlyZonesInput,
  type HourlyZonesParams,
  type ZoneSignal,
} from './hourly-zones.params';
import { WeeklyContext, type WeekView } from './weekly-context';
import { closeBeyondStop, isBullish, signalFires, signalRule, stopLevel } from './zone-signals';
import { isExpiryDay } from '../credit-spread/credit-spread';
import { PRICE_EPSILON, creditPnl } from '../credit-spread/short-premium';
import { clockMinutes, parseParams } from '../params';
import {
  NO_INTENTS,
  type EnterIntent,
  type Intent,
  type OpenPositionView,
  type PositionView,
  type Strategy,
  type StrategyContext,
} from '../strategy';

export const HOURLY_ZONES = 'hourly-zones';

const MS_PER_MINUTE = 60_000;
/** Strike rounding forgives float noise (a stop of 5,850.000000001 is the 5,850 strike). */
const STRIKE_EPSILON = 1e-9;

const isZoneSignal = (tag: string): tag is ZoneSignal => (ZONE_SIGNALS as readonly string[]).includes(tag);

/**
 * The users' NIFTY S1–S8 system: eight signals on closed hourly bars against the previous week's range,
 * its zones and the week's first hourly bar. A bullish signal sells a put at its stop level's side and
 * buys a put further out; a bearish one the same with calls. Out on an hourly close beyond the stop,
 * at `takeProfitPct` of the credit, or at 15:15 on the expiry day. The position's tag is its signal
 * (`S1`…`S8`). Rules as applied: docs/strategies/hourly-zones.md.
 *
 * One position at a time: the strategy interface shows one open position, so while one signal's
 * position is open the others wait (risk's `maxOpenPositions` 3 is the users' limit for when the
 * interface carries several).
 */
export class HourlyZones implements Strategy {
  readonly id = HOURLY_ZONES;
  readonly timeframe: HourlyZonesParams['timeframe'];
  readonly params: HourlyZonesParams;
  private readonly weekly: WeeklyContext;
  private readonly active: ReadonlySet<ZoneSignal>;
  private readonly firstEntryMinute: number;
  private readonly lastEntryMinute: number;
  private readonly expiryExitMinute: number;
  /** When each signal last fired (epoch ms), for its cooldown. */
  private readonly lastFired = new Map<ZoneSignal, number>();
  /** The stop level each signal's latest entry was taken with. */
  private readonly stops = new Map<ZoneSignal, number>();

  constructor(input: HourlyZonesInput = {}, overrides?: Readonly<Record<string, unknown>>) {
    this.params = parseParams(HOURLY_ZONES, hourlyZonesParams, input, overrides);
    this.timeframe = this.params.timeframe;
    this.weekly = new WeeklyContext(this.params.zoneMinWidth);
    this.active = new Set(this.params.signals);
    this.firstEntryMinute = clockMinutes(this.params.firstEntryAt);
    this.lastEntryMinute = clockMinutes(this.params.lastEntryAt);
    this.expiryExitMinute = clockMinutes(this.params.expiryExitAt);
  }

  onBar(bar: Bar, position: PositionView, context: StrategyContext): readonly Intent[] {
    // Every bar goes into the weekly context, whatever else happens, so it never misses a bar.
    const week = this.weekly.update(bar);
    if (position.pending) return NO_INTENTS;
    if (position.open !== null) return this.manage(bar, position.open, week, context);
    if (week === null || !this.mayEnter(context)) return NO_INTENTS;

    for (const signal of ZONE_SIGNALS) {
      if (!this.active.has(signal)) continue;
      const fired = this.lastFired.get(signal);
      if (fired !== undefined && context.now - fired < this.params.cooldownMinutes * MS_PER_MINUTE) continue;
      if (!signalFires(signal, bar, week, this.params)) continue;
      const intent = this.enter(signal, bar, week, context);
      if (intent === null) continue;
      this.lastFired.set(signal, context.now);
      return [intent];
    }
    return NO_INTENTS;
  }

  private mayEnter(context: StrategyContext): boolean {
    const minute = context.minuteOfDay;
    if (minute < this.firstEntryMinute || minute > this.lastEntryMinute) return false;
    const days = daysBetween(context.date, context.currentExpiry);
    if (days < this.params.minDaysToExpiry) return false;
    // An entry on the expiry day from the exit time on would be closed on the bar it fills.
    return !(days === 0 && minute >= this.expiryExitMinute);
  }

  private enter(signal: ZoneSignal, bar: Bar, week: WeekView, context: StrategyContext): EnterIntent | null {
    const p = this.params;
    const bullish = isBullish(signal);
    const stop = stopLevel(signal, week);
    // The stop must lie on the losing side of the close, or the position would be stopped at once.
    if (bullish ? !(bar.close > stop) : !(bar.close < stop)) return null;

    const optionType: OptionType = bullish ? 'PE' : 'CE';
    const interval = context.strikeInterval;
    // The sold strike sits at or beyond the stop: while the stop holds, it stays out of the money.
    const atStop = bullish
      ? Math.floor(stop / interval + STRIKE_EPSILON) * interval
      : Math.ceil(stop / interval - STRIKE_EPSILON) * interval;
    const outward = bullish ? -interval : interval;
    const main = atStop + outward * p.mainStrikeOffset;
    const hedge = main + outward * p.hedgeStrikes;
    if (main <= 0 || hedge <= 0) return null;
    const expiry = context.currentExpiry;
    const mainPremium = context.premium({ optionType, strike: main, expiry });
    const hedgePremium = context.premium({ optionType, strike: hedge, expiry });
    const credit = mainPremium - hedgePremium;
    if (!(credit > p.minCredit)) return null;
    const width = p.hedgeStrikes * interval;
    this.stops.set(signal, stop);

    return {
      kind: 'ENTER',
      tag: signal,
      // The hedge first; the executor also orders basket legs by role (HEDGE in first, MAIN out first).
      legs: [
        { optionType, strike: hedge, expiry, side: 'BUY', lots: p.lots, role: 'HEDGE' },
        { optionType, strike: main, expiry, side: 'SELL', lots: p.lots, role: 'MAIN' },
      ],
      reason: `${signal}: ${signalRule(signal)}; close ${bar.close.toFixed(2)}, stop on an hourly close ${bullish ? 'below' : 'above'} ${stop.toFixed(2)}; sell ${main} ${optionType}, buy ${hedge} ${optionType}`,
      indicators: {
        signal: Number(signal.slice(1)),
        close: bar.close,
        stop,
        previousWeekHigh: week.previous.high,
        previousWeekLow: week.previous.low,
        previousWeekClose: week.previous.close,
        upperZoneBottom: week.upperZone.bottom,
        lowerZoneTop: week.lowerZone.top,
        firstBarOpen: week.firstBar.open,
        firstBarHigh: week.firstBar.high,
        firstBarLow: week.firstBar.low,
        firstBarClose: week.firstBar.close,
        mainStrike: main,
        hedgeStrike: hedge,
        credit,
        maxLoss: width - credit,
        lots: p.lots,
      },
    };
  }

  private manage(
    bar: Bar,
    open: OpenPositionView,
    week: WeekView | null,
    context: StrategyContext,
  ): readonly Intent[] {
    if (!isZoneSignal(open.tag)) return NO_INTENTS;
    const signal = open.tag;
    // After a restart the entry's stop is not in memory: this week's context gives it again (exact for
    // a position opened this week).
    const stop = this.stops.get(signal) ?? (week === null ? undefined : stopLevel(signal, week));
    const { credit, pnl } = creditPnl(open);
    const indicators = {
      signal: Number(signal.slice(1)),
      close: bar.close,
      ...(stop === undefined ? {} : { stop }),
      credit,
      pnl,
    };
    const exit = (reason: string): readonly Intent[] => [{ kind: 'EXIT', reason, indicators }];

    if (stop !== undefined && closeBeyondStop(signal, bar.close, stop)) return exit('stop_loss');
    if (isExpiryDay(open, context.date) && context.minuteOfDay >= this.expiryExitMinute)
      return exit('expiry_day');
    const target = (this.params.takeProfitPct / 100) * credit;
    if (this.params.takeProfitPct > 0 && credit > 0 && pnl >= target - PRICE_EPSILON)
      return exit('take_profit');
    return NO_INTENTS;
  }
}
