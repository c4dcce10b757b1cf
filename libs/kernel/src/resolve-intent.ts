import { Decimal } from '@dalal/domain';
import { optionSymbol, underlyingSpec, type IsoDate, type OptionType, type Underlying } from '@dalal/market';
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
}

/**
 * The tradingsymbol of an option. Expiries the bundled calendar does not know (history before its
 * years) keep a readable `NIFTY 2012-12-27 5900 CE` form, the same in backtest and replay.
 */
export function optionInstrument(
  underlying: Underlying,
  leg: Pick<OptionLeg, 'expiry' | 'strike' | 'optionType'>,
): string {
  try {
    return optionSymbol(underlying, leg.expiry, leg.strike, leg.optionType);
  } catch {
    return `${underlying} ${leg.expiry} ${leg.strike} ${leg.optionType}`;
  }
}

/** Resolves an entry: legs to instruments and units a set, a stop risk to a ₹ risk a set. */
export function resolveEntry(
  intent: EnterIntent,
  env: ResolveEnv,
  ids: { intentId: string; barTime: number; at: number; minuteOfDay: number },
): ResolvedIntent {
  const exchange = underlyingSpec(env.underlying).derivativesExchange as 'NFO' | 'BFO';
  const legs = intent.legs.map((leg): ResolvedLeg => ({
    instrument: optionInstrument(env.underlying, leg),
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
