import { type StrategyIntent } from '@dalal/contracts';
import { type ResolvedIntent } from '@dalal/kernel';

/** A kernel-resolved intent as the contract carries it: market orders, intraday product, roles kept. */
export function strategyIntentOf(intent: ResolvedIntent, mode: 'paper' | 'live'): StrategyIntent {
  return {
    intentId: intent.intentId,
    strategyId: intent.strategyId,
    mode,
    action: intent.action,
    legs: intent.legs.map((leg) => ({
      instrument: leg.instrument,
      exchange: leg.exchange,
      side: leg.side,
      quantity: leg.quantity,
      orderType: 'MARKET',
      product: 'MIS',
      validity: 'DAY',
      role: leg.role,
    })),
    sizing:
      intent.sizing.kind === 'RISK'
        ? { kind: 'RISK', riskPerSet: intent.sizing.riskPerSet.toFixed() }
        : { kind: 'FIXED' },
    lotSize: intent.lotSize,
    tradeId: intent.tradeId,
    tag: intent.tag,
    reason: intent.reason,
    indicators: { ...intent.indicators },
    barTime: new Date(intent.barTime).toISOString(),
    decidedAt: new Date(intent.at).toISOString(),
  };
}
