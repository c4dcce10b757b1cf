import { type StrategyIntent } from '@dalal/contracts';
import { Decimal, findFreezeQuantity, isIndexUnderlying, tradeDate } from '@dalal/domain';
import { istDate, istMinuteOfDay, parseTradingSymbol } from '@dalal/market';
import { type EntrySizing, type RiskIntent } from '@dalal/risk';

/**
 * The contract intent as @dalal/risk reads it. Time is when the strategy decided — the bar's close, as in
 * the backtester (older intents without it: the bar's start) — market time from the bus, never this
 * process's clock, so a replay at ×N speed is judged at its replayed hour.
 */
export function riskIntentOf(intent: StrategyIntent): RiskIntent {
  const at = Date.parse(intent.decidedAt ?? intent.barTime);
  const lotSize = intent.lotSize ?? 1;
  const sizing: EntrySizing =
    intent.action === 'ENTER' && intent.sizing?.kind === 'RISK'
      ? { kind: 'RISK', riskPerSet: new Decimal(intent.sizing.riskPerSet) }
      : { kind: 'FIXED' };
  return {
    intentId: intent.intentId,
    strategyId: intent.strategyId,
    action: intent.action,
    legs: intent.legs.map((leg) => ({
      instrument: leg.instrument,
      side: leg.side,
      quantity: leg.quantity,
      lotSize,
      ...freezeOf(leg.instrument, istDate(new Date(at))),
      ...(leg.price === undefined ? {} : { price: new Decimal(leg.price) }),
    })),
    sizing,
    at,
    minuteOfDay: istMinuteOfDay(at),
  };
}

/** The exchange's freeze quantity of an index option or future on the day, from the dated table. */
function freezeOf(instrument: string, date: string): { freezeQuantity?: number } {
  let underlying: string;
  try {
    underlying = parseTradingSymbol(instrument).underlying;
  } catch {
    return {}; // not an exchange trading symbol (crypto, a test name): no freeze limit known
  }
  if (!isIndexUnderlying(underlying)) return {};
  const freezeQuantity = findFreezeQuantity(underlying, tradeDate(date));
  return freezeQuantity === undefined ? {} : { freezeQuantity };
}
