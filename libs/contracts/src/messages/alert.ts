import { z } from 'zod';

export const ALERT = 'alert';

export const alertSchema = z.object({
  severity: z.enum(['INFO', 'WARNING', 'CRITICAL']),
  /** Stable machine-readable code, e.g. "broker_token_expired", "reconciliation_mismatch". */
  code: z.string().min(1),
  message: z.string().min(1),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).default({}),
});
export type Alert = z.infer<typeof alertSchema>;
