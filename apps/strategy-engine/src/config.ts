import { z } from 'zod';

import { credentialUrl, serviceConfigSchema } from '@dalal/config';

/** `0,1`: the bar shards (`md.bars.{shard}`) this engine runs; empty for the one unsharded `md.bars`. */
const shards = z
  .string()
  .default('')
  .transform((value, ctx) => {
    const list = value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const out: number[] = [];
    for (const item of list) {
      const n = Number(item);
      if (!/^\d+$/.test(item) || !Number.isSafeInteger(n)) {
        ctx.addIssue({ code: 'custom', message: `"${item}" is not a shard number (e.g. "0,1")` });
        return z.NEVER;
      }
      if (!out.includes(n)) out.push(n);
    }
    return out;
  });

export const strategyEngineConfigSchema = serviceConfigSchema(3002).extend({
  /** Postgres; without it the service embeds PGlite under DATA_DIR. */
  DATABASE_URL: credentialUrl(z.string()).optional(),
  DATA_DIR: z.string().optional(),
  STRATEGY_SHARDS: shards,
  /** Replaying a year the bundled calendar lacks: the OHLCV file whose trading days date the expiries. */
  STRATEGY_EXPIRY_CALENDAR_FILE: z.string().optional(),
  /** Days of stored bars before now each strategy is warmed up on before its first live bar. */
  // An empty value (as copied from .env.example) means the default, not zero days.
  STRATEGY_WARMUP_DAYS: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.coerce.number().int().nonnegative().default(10),
  ),
});

export type StrategyEngineConfig = z.output<typeof strategyEngineConfigSchema>;
