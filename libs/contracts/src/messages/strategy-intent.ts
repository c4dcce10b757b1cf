import { z } from 'zod';

import { isoTimestamp } from '../decimal-string';
import { tradingModeSchema } from '../trading-enums';
import { orderLegSchema } from './order-leg';

export const STRATEGY_INTENT = 'strategy.intent';

export const strategyIntentSchema = z.object({
  intentId: z.string().min(1),
  strategyId: z.string().min(1),
  mode: tradingModeSchema,
  action: z.enum(['ENTER', 'EXIT']),
  legs: z.array(orderLegSchema).min(1),
  /** The rule that fired, e.g. "ce_entry" or "stop_loss". */
  reason: z.string().min(1),
  /** Indicator values at the decision, for the audit trail. */
  indicators: z.record(z.string(), z.number()),
  barTime: isoTimestamp,
});
export type StrategyIntent = z.infer<typeof strategyIntentSchema>;
