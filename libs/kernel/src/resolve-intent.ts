import { Decimal } from '@dalal/domain';
import {
  expiries,
  formatTradingSymbol,
  monthlyExpiry,
  underlyingSpec,
  type IsoDate,
  type OptionType,
  type TradingCalendar,
  type Underlying,
} from '@dalal/market';
import { type EntrySizing, type RiskIntent, type RiskLeg } from '@dalal/risk';
import { type EnterIntent, type IndicatorValues, type OptionLeg } from '@dalal/strategies';

/** An option leg resolved to a tradable instrument, in units for one set. */
export interface ResolvedLeg extends RiskLeg {
  readonly optionType: OptionType;
  readonly strike: number;
  readonly expiry: IsoDate;
  readonly exchange: 'NFO' | 'BFO';
  readonly role: 'MAIN' | 'HEDGE';
  readonly lots: number;
}

/** A strategy's intent as the rest of the kernel needs it: instruments, units, sizing, ids. */
export interface ResolvedIntent extends RiskIntent {
  readonly legs: readonly ResolvedLeg[];
  readonly tag: string;
  /** The trade this intent belongs to: an entry's own id, an exit's entry. */
  readonly tradeId: string;
  readonly lotSize: number;
  readonly reason: string;
  readonly indicators: IndicatorValues;
  /** Start of the bar whose close made the decision (epoch ms). */
  readonly barTime: number;
}

export interface ResolveEnv {
  readonly strategyId: string;
  readonly underlying: Underlying;
  readonly lotSize: number;
  /** Freeze quantity of the underlying's options today, when known. */
  readonly freezeQuantity?: number;
  /** Dates expiries for tradingsymbols (history needs one derived from its data); default the bundled one. */
  readonly calendar?: TradingCalendar;
}

/**
 * The tradingsymbol of an option: the monthly form for the month's last expiry, the weekly form for the
 * others, dated with `calendar`. An expiry the calendar does not list keeps a readable
 * `NIFTY 2012-12-27 5900 CE` form, the same in backtest and replay (brokers will refuse it).
 */
export function optionInstrument(
  underlying: Underlying,
  leg: Pick<OptionLeg, 'expiry' | 'strike' | 'optionType'>,
  calendar?: TradingCalendar,
): string {
  const options = calendar ? { calendar } : {};
  if (expiries(underlying, leg.expiry, leg.expiry, options).length > 0) {
    const year = Number(leg.expiry.slice(0, 4));
    const month = Number(leg.expiry.slice(5, 7));
    if (monthlyExpiry(underlying, year, month, options) === leg.expiry) {
      return formatTradingSymbol({
        underlying,
        form: 'monthly',
        year,
        month,
        strike: leg.strike,
        type: leg.optionType,
      });
    }
    return formatTradingSymbol({
      underlying,
      form: 'weekly',
      expiry: leg.expiry,
      strike: leg.strike,
      type: leg.optionType,
    });
  }
  return `${underlying} ${leg.expiry} ${leg.strike} ${leg.optionType}`;
}

/** Resolves an entry: legs to instruments and units a set, a stop risk to a ₹ risk a set. */
export function resolveEntry(
  intent: EnterIntent,
  env: ResolveEnv,
  ids: { intentId: string; barTime: number; at: number; minuteOfDay: number },
): ResolvedIntent {
  const exchange = underlyingSpec(env.underlying).derivativesExchange as 'NFO' | 'BFO';
  const legs = intent.legs.map((leg): ResolvedLeg => ({
    instrument: optionInstrument(env.underlying, leg, env.calendar),
    side: leg.side,
    quantity: leg.lots * env.lotSize,
    lotSize: env.lotSize,
    freezeQuantity: env.freezeQuantity,
    optionType: leg.optionType,
    strike: leg.strike,
    expiry: leg.expiry,
    exchange,
    role: leg.role ?? 'MAIN',
    lots: leg.lots,
  }));
  const unitsPerSet = intent.legs.reduce((max, leg) => Math.max(max, leg.lots), 0) * env.lotSize;
  const sizing: EntrySizing =
    intent.stopRisk === undefined
      ? { kind: 'FIXED' }
      : { kind: 'RISK', riskPerSet: new Decimal(intent.stopRisk).times(unitsPerSet) };
  return {
    intentId: ids.intentId,
    strategyId: env.strategyId,
    action: 'ENTER',
    legs,
    sizing,
    at: ids.at,
    minuteOfDay: ids.minuteOfDay,
    tag: intent.tag,
    tradeId: ids.intentId,
    lotSize: env.lotSize,
    reason: intent.reason,
    indicators: intent.indicators,
    barTime: ids.barTime,
  };
}

/** An exit of an open trade: every leg reversed, for the quantity held. */
export function resolveExit(
  open: { tradeId: string; tag: string; lotSize: number; legs: readonly ResolvedLeg[] },
  exit: { reason: string; indicators: IndicatorValues },
  env: Pick<ResolveEnv, 'strategyId'>,
  ids: { intentId: string; barTime: number; at: number; minuteOfDay: number },
): ResolvedIntent {
  return {
    intentId: ids.intentId,
    strategyId: env.strategyId,
    action: 'EXIT',
    legs: open.legs.map((leg) => ({ ...leg, side: leg.side === 'BUY' ? 'SELL' : 'BUY' })),
    sizing: { kind: 'FIXED' },
    at: ids.at,
    minuteOfDay: ids.minuteOfDay,
    tag: open.tag,
    tradeId: open.tradeId,
    lotSize: open.lotSize,
    reason: exit.reason,
    indicators: exit.indicators,
    barTime: ids.barTime,
  };
}
