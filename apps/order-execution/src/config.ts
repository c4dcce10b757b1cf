import { z } from 'zod';

import { credentialUrl, secret, serviceConfigSchema } from '@dalal/config';

import { paperSettingsShape } from './paper-settings';

const positiveInt = z.coerce.number().int().positive();

export const orderExecutionConfigSchema = serviceConfigSchema(3004)
  .extend({
    /** Postgres; without it the service embeds PGlite under DATA_DIR. */
    DATABASE_URL: credentialUrl(z.string()).optional(),
    DATA_DIR: z.string().optional(),
    TRADING_MODE: z.enum(['paper', 'live']).default('paper'),
    ORDER_BROKER: z.enum(['paper', 'kite']).default('paper'),
    KITE_API_KEY: z.string().min(1).optional(),
    /** Verifies Kite postbacks (POST /postbacks/kite); without it postbacks are refused and polling alone applies. */
    KITE_API_SECRET: secret(z.string().min(1)).optional(),
    KITE_API_ROOT: z.url().default('https://api.kite.trade'),
    /** The Kite user whose encrypted session (saved at login) the service trades with. */
    KITE_USER_ID: z.string().min(1).optional(),
    TOKEN_ENCRYPTION_KEY: secret(z.string().min(1)).optional(),
    /** SEBI: above 10 orders/s per exchange an algo must be registered; Kite also caps 10/s and 400/min. */
    ORDER_RATE_PER_SECOND: positiveInt.default(10),
    ORDER_RATE_PER_MINUTE: positiveInt.default(400),
    EXECUTION_SYNC_MS: positiveInt.default(2_000),
    RECONCILE_EVERY_MS: positiveInt.default(60_000),
    ...paperSettingsShape,
  })
  .superRefine((config, ctx) => {
    if (config.TRADING_MODE === 'live' && config.ORDER_BROKER === 'paper') {
      ctx.addIssue({
        code: 'custom',
        path: ['ORDER_BROKER'],
        message: 'must name a real broker in live mode',
      });
    }
    if (config.ORDER_BROKER === 'kite') {
      for (const name of ['KITE_API_KEY', 'KITE_USER_ID', 'TOKEN_ENCRYPTION_KEY'] as const) {
        if (!config[name])
          ctx.addIssue({ code: 'custom', path: [name], message: 'is required when ORDER_BROKER=kite' });
      }
    }
  });

export type OrderExecutionConfig = z.output<typeof orderExecutionConfigSchema>;
