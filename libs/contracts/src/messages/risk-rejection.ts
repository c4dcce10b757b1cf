import { z } from 'zod';

export const RISK_REJECTION = 'risk.rejection';

export const riskRejectionSchema = z.object({
  intentId: z.string().min(1),
  strategyId: z.string().min(1),
  /** The risk rule that refused, e.g. "daily_loss_limit". */
  rule: z.string().min(1),
  reason: z.string().min(1),
});
export type RiskRejection = z.infer<typeof riskRejectionSchema>;
