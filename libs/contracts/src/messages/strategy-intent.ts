import { z } from 'zod';

import { isoTimestamp, positiveDecimalString, positiveInt } from '../decimal-string';
import { tradingModeSchema } from '../trading-enums';
import { orderLegSchema } from './order-leg';

export const STRATEGY_INTENT = 'strategy.intent';

export const strategyIntentSchema = z.object({
  intentId: z.string().min(1),
  strategyId: z.string().min(1),
  mode: tradingModeSchema,
  action: z.enum(['ENTER', 'EXIT']),
  /** An entry's legs are one set (the strategy's lot ratios); risk decides how many sets go out. */
  legs: z.array(orderLegSchema).min(1),
  /**
   * How risk sizes an entry: RISK from equity × riskPerTrade ÷ riskPerSet (₹ one set loses if the
   * strategy's stop is hit), FIXED (or absent) exactly as given. Exits always go as given.
   */
  sizing: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('RISK'), riskPerSet: positiveDecimalString }),
      z.object({ kind: z.literal('FIXED') }),
    ])
    .optional(),
  /** Units in one lot of the legs' instruments. */
  lotSize: positiveInt.optional(),
  /** The trade an intent belongs to: an entry's own intent id, or for an exit the entry it closes. */
  tradeId: z.string().min(1).optional(),
  /** The strategy's label of the position (e.g. CE, PE, IRON_CONDOR). */
  tag: z.string().optional(),
  /** The rule that fired, e.g. "ce_entry" or "stop_loss". */
  reason: z.string().min(1),
  /** Indicator values at the decision, for the audit trail. */
  indicators: z.record(z.string(), z.number()),
  barTime: isoTimestamp,
  /** When the decision was made: the close of the bar (market time), which risk's time rules judge by. */
  decidedAt: isoTimestamp.optional(),
});
export type StrategyIntent = z.infer<typeof strategyIntentSchema>;
