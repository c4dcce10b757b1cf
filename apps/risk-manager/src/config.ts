import { z } from 'zod';

import { credentialUrl, serviceConfigSchema } from '@dalal/config';
import { brokerIdSchema } from '@dalal/contracts';
import { RiskError, parseRiskLimits } from '@dalal/risk';

/**
 * The account's risk settings as JSON (keys of @dalal/risk's RiskLimits), checked at boot so a typo or a
 * bad value stops start-up with the key named instead of leaving a limit at its default.
 */
const accountRiskLimits = z
  .string()
  .default('{}')
  .transform((text, ctx): Record<string, unknown> => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      ctx.addIssue({
        code: 'custom',
        message: `must be a JSON object of risk settings (${err instanceof Error ? err.message : String(err)})`,
      });
      return z.NEVER;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be a JSON object of risk settings, e.g. {"capital":500000}',
      });
      return z.NEVER;
    }
    try {
      parseRiskLimits(value as Record<string, unknown>);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: err instanceof RiskError ? err.message : String(err) });
      return z.NEVER;
    }
    return value as Record<string, unknown>;
  });

export const riskManagerConfigSchema = serviceConfigSchema(3003).extend({
  /** Postgres; without it the service embeds PGlite under DATA_DIR. */
  DATABASE_URL: credentialUrl(z.string()).optional(),
  DATA_DIR: z.string().optional(),
  /** The mode whose books, positions and counters this risk manager keeps. */
  TRADING_MODE: z.enum(['paper', 'live']).default('paper'),
  /** The broker named in the order requests (order-execution's ORDER_BROKER). */
  ORDER_BROKER: brokerIdSchema.default('paper'),
  RISK_LIMITS: accountRiskLimits,
});

export type RiskManagerConfig = z.output<typeof riskManagerConfigSchema>;
