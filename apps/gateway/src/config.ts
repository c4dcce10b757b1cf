import { z } from 'zod';

import { credentialUrl, secret, serviceConfigSchema } from '@dalal/config';

const positiveInt = z.coerce.number().int().positive();
const optionalText = z.string().min(1).optional();

const gatewaySchema = serviceConfigSchema(3000).extend({
  /** Postgres; without it the gateway embeds PGlite under DATA_DIR (only when it is the one process). */
  DATABASE_URL: credentialUrl(z.string().min(1)).optional(),
  /** Where the admin password hash and the JWT signing key are kept when not given. */
  DATA_DIR: z.string().default('./data'),
  DALAL_ADMIN_USER: z.string().min(1).max(64).default('admin'),
  /** When unset, the first start generates a password, prints it once and keeps only its scrypt hash. */
  DALAL_ADMIN_PASSWORD: secret(z.string().min(8, 'must be at least 8 characters')).optional(),
  /** HMAC key for access and refresh tokens; generated into DATA_DIR when unset. */
  JWT_SECRET: secret(z.string().min(32, 'must be at least 32 characters')).optional(),
  ACCESS_TOKEN_TTL_SECONDS: positiveInt.default(900),
  REFRESH_TOKEN_TTL_SECONDS: positiveInt.default(7 * 24 * 3600),
  /** Failed logins of one user name (or from one address) before it is locked out. */
  LOGIN_MAX_FAILURES: positiveInt.default(5),
  LOGIN_LOCKOUT_SECONDS: positiveInt.default(900),
  /** Requests per client per minute on the whole API; login has its own, tighter limit. */
  API_RATE_PER_MINUTE: positiveInt.default(6000),
  LOGIN_RATE_PER_MINUTE: positiveInt.default(10),
  /** Origins allowed to call the API from a browser, comma-separated; empty keeps CORS closed. */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    ),
  /** Where the dashboard is served from; the gateway redirects here after a broker login. */
  PUBLIC_URL: z.url().optional(),
  KITE_API_KEY: optionalText,
  KITE_API_SECRET: secret(z.string().min(1)).optional(),
  KITE_API_ROOT: z.url().default('https://api.kite.trade'),
  /** Kite's login page; the fake server's in tests. */
  KITE_LOGIN_URL: z.url().default('https://kite.zerodha.com/connect/login'),
  TOKEN_ENCRYPTION_KEY: secret(z.string().min(1)).optional(),
  SMARTAPI_API_KEY: secret(z.string().min(1)).optional(),
  SMARTAPI_ROOT: z.url().default('https://apiconnect.angelone.in'),
  /** Other services' health URLs for GET /api/v1/health: name=url,… (separate processes only). */
  SERVICE_HEALTH_URLS: z
    .string()
    .default('')
    .transform((value, ctx) => {
      const out: Array<{ name: string; url: string }> = [];
      for (const entry of value
        .split(',')
        .map((e) => e.trim())
        .filter(Boolean)) {
        const eq = entry.indexOf('=');
        const url = entry.slice(eq + 1);
        if (eq <= 0 || !z.url().safeParse(url).success) {
          ctx.addIssue({ code: 'custom', message: `"${entry}" is not name=url` });
          return z.NEVER;
        }
        out.push({ name: entry.slice(0, eq), url });
      }
      return out;
    }),
  /** Messages a WebSocket client may have waiting before it is dropped (close 1013). */
  WS_MAX_BUFFERED_BYTES: positiveInt.default(1_048_576),
});

/** A variable set to nothing (a copied .env) counts as unset, so its default applies. */
export const gatewayConfigSchema = z.preprocess(
  (env) =>
    env && typeof env === 'object'
      ? Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''))
      : env,
  gatewaySchema,
);

export type GatewayConfig = z.output<typeof gatewaySchema>;
