import { type RiskLimits, parseRiskLimits } from '@dalal/risk';
import { STRATEGIES } from '@dalal/strategies';

/** Intents an operator placed by hand carry this strategy id and are held to the account's settings. */
export const MANUAL_STRATEGY_ID = 'manual';

export interface StrategyInstanceLookup {
  (id: string): Promise<{ strategyId: string; risk: unknown } | null>;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The limits of one strategy, in layers: the defaults, the strategy definition's `riskDefaults` (what it
 * was designed and tested with), the account's RISK_LIMITS, then the configured instance's own `risk`.
 * A strategy id may name a StrategyInstance row (whose strategyId names the definition) or a definition.
 * Throws RiskError INVALID_LIMITS when a stored override is wrong.
 */
export async function riskLimitsFor(
  strategyId: string,
  account: Readonly<Record<string, unknown>>,
  instances: StrategyInstanceLookup,
): Promise<RiskLimits> {
  if (strategyId === MANUAL_STRATEGY_ID) return parseRiskLimits(account);
  const instance = await instances(strategyId);
  const definition = STRATEGIES[instance?.strategyId ?? strategyId];
  const own = isRecord(instance?.risk) ? instance.risk : undefined;
  return parseRiskLimits(definition?.riskDefaults, account, own);
}
