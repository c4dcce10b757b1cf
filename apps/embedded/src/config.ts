import { z } from 'zod';

export const embeddedConfigSchema = z.object({
  /** The gateway's port; the other services take the next four. */
  PORT: z.coerce.number().int().min(1).max(65_530).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  BUS_MAX_LEN: z.coerce.number().int().positive().default(100_000),
  BUS_CLAIM_IDLE_MS: z.coerce.number().int().positive().default(30_000),
  BUS_MAX_ATTEMPTS: z.coerce.number().int().positive().default(3),
  BUS_RETRY_DELAY_MS: z.coerce.number().int().positive().default(100),
});
