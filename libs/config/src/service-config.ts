import { z } from 'zod';

import { credentialUrl } from './secret';

const port = z.coerce.number().int().min(1).max(65_535);

/** Settings every service process shares; each app extends this with its own. */
export function serviceConfigSchema(defaultPort: number) {
  return z.object({
    PORT: port.default(defaultPort),
    REDIS_URL: credentialUrl(z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' })),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
    BUS_MAX_LEN: z.coerce.number().int().positive().default(100_000),
    BUS_CLAIM_IDLE_MS: z.coerce.number().int().positive().default(30_000),
    /** Attempts of a failing handler before its message is dead-lettered, with doubling pauses between. */
    BUS_MAX_ATTEMPTS: z.coerce.number().int().positive().default(3),
    BUS_RETRY_DELAY_MS: z.coerce.number().int().positive().default(100),
  });
}

export type ServiceConfig = z.output<ReturnType<typeof serviceConfigSchema>>;
