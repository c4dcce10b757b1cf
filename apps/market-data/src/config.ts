import { z } from 'zod';

import { credentialUrl, secret, serviceConfigSchema } from '@dalal/config';
import { exchangeSchema, timeframeSchema, type Bar } from '@dalal/contracts';
import { isUnderlying } from '@dalal/market';

const positiveInt = z.coerce.number().int().positive();

/** `EXCHANGE:SYMBOL`, e.g. `NSE:NIFTY 50`. */
const instrumentName = z
  .string()
  .trim()
  .regex(/^[A-Z]+:.+$/, { message: 'must be EXCHANGE:SYMBOL, e.g. "NSE:NIFTY 50"' })
  .transform((value, ctx) => {
    const [exchange = '', ...rest] = value.split(':');
    const parsed = exchangeSchema.safeParse(exchange);
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', message: `unknown exchange "${exchange}"` });
      return z.NEVER;
    }
    return { exchange: parsed.data, instrument: rest.join(':') };
  });

/** `TOKEN=EXCHANGE:SYMBOL,…`: the Kite instrument tokens to subscribe and our names for them. */
const kiteInstruments = z
  .string()
  .default('')
  .transform((value, ctx) => {
    const out: Array<{ token: number; exchange: Bar['exchange']; instrument: string }> = [];
    for (const entry of value
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean)) {
      const eq = entry.indexOf('=');
      const token = Number(entry.slice(0, eq));
      const name = instrumentName.safeParse(entry.slice(eq + 1));
      if (eq <= 0 || !Number.isInteger(token) || token <= 0 || !name.success) {
        ctx.addIssue({ code: 'custom', message: `"${entry}" is not TOKEN=EXCHANGE:SYMBOL` });
        return z.NEVER;
      }
      out.push({ token, ...name.data });
    }
    return out;
  });

const timeframes = z
  .string()
  .default('1m,3m,5m,15m,1h,1d')
  .transform((value) => value.split(',').map((t) => t.trim()))
  .pipe(z.array(timeframeSchema).min(1));

const flag = z
  .enum(['true', 'false', '1', '0'])
  .default('false')
  .transform((v) => v === 'true' || v === '1');

const marketDataSettings = serviceConfigSchema(3001)
  .extend({
    /** Postgres; without it the service embeds PGlite under DATA_DIR. */
    DATABASE_URL: credentialUrl(z.string()).optional(),
    DATA_DIR: z.string().optional(),
    /** Where ticks come from: a recorded OHLCV CSV, the GBM simulator, or Kite's live ticker. */
    MD_FEED: z.enum(['replay', 'simulator', 'kite']).default('replay'),
    MD_REPLAY_FILE: z.string().default('../shared/data/nifty-2012-12-1m.csv'),
    /** 1 = real time, 60 = a minute of data per second; 0 = as fast as possible. */
    MD_REPLAY_SPEED: z.coerce.number().nonnegative().default(60),
    /** Replay and simulator instrument. */
    MD_INSTRUMENT: instrumentName.default({ exchange: 'NSE', instrument: 'NIFTY 50' }),
    MD_SIM_START_PRICE: z
      .string()
      .regex(/^\d+(\.\d+)?$/)
      .default('24000'),
    MD_SIM_SEED: z.coerce.number().int().default(1),
    /** Kite tokens and names: `256265=NSE:NIFTY 50,260105=NSE:NIFTY BANK`. */
    MD_KITE_INSTRUMENTS: kiteInstruments,
    MD_TIMEFRAMES: timeframes,
    /** Also publish the forming bar (`closed: false`), at most once per second of market time per series. */
    MD_PUBLISH_FORMING: flag,
    /** No tick for this long while the market is open raises `feed_stale`. */
    MD_STALE_SECONDS: positiveInt.default(30),
    /** A tick further than this (percent) from the last good price is an outlier. */
    MD_OUTLIER_BAND_PCT: z.coerce.number().positive().default(10),
    /** A live bar closes this long after its bucket ends, for ticks stamped at the last second. */
    MD_BAR_CLOSE_GRACE_MS: z.coerce.number().int().nonnegative().default(2_000),
    /** How often the bar-close, stale-feed and market-hours timers run. */
    MD_TIMER_MS: positiveInt.default(1_000),
    KITE_API_KEY: z.string().min(1).optional(),
    KITE_API_ROOT: z.url().default('https://api.kite.trade'),
    /** KiteTicker root; Kite's own when unset. */
    KITE_TICKER_ROOT: z.string().min(1).optional(),
    /** The Kite user whose encrypted session (saved at login) supplies the access token. */
    KITE_USER_ID: z.string().min(1).optional(),
    TOKEN_ENCRYPTION_KEY: secret(z.string().min(1)).optional(),
    /** IST time of the daily instrument master load (kite feed; also loaded at start-up). */
    MD_INSTRUMENTS_LOAD_AT: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be HH:MM' })
      .default('08:45'),
    /** After a failed daily load, wait this long before trying again. */
    MD_INSTRUMENTS_RETRY_MS: positiveInt.default(600_000),
    /** Option chain to stream around the money (kite feed): the dump's underlying name, e.g. NIFTY. */
    MD_OPTION_CHAIN_UNDERLYING: z.string().trim().toUpperCase().optional(),
    /** Kite token of the underlying index (must be in MD_KITE_INSTRUMENTS): its ticks re-centre the chain. */
    MD_OPTION_CHAIN_INDEX_TOKEN: positiveInt.optional(),
    /** Strikes either side of ATM. */
    MD_OPTION_CHAIN_STRIKES: positiveInt.default(5),
    /** Strike interval; defaults to the underlying's (NIFTY 50, BANKNIFTY/SENSEX 100). */
    MD_OPTION_CHAIN_STRIKE_INTERVAL: positiveInt.optional(),
  })
  .superRefine((config, ctx) => {
    if (config.MD_FEED !== 'kite') return;
    for (const name of ['KITE_API_KEY', 'KITE_USER_ID', 'TOKEN_ENCRYPTION_KEY'] as const) {
      if (!config[name])
        ctx.addIssue({ code: 'custom', path: [name], message: 'is required when MD_FEED=kite' });
    }
    if (config.MD_KITE_INSTRUMENTS.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['MD_KITE_INSTRUMENTS'], message: 'names no instrument' });
    }
    if (config.MD_OPTION_CHAIN_UNDERLYING) {
      const token = config.MD_OPTION_CHAIN_INDEX_TOKEN;
      if (!token || !config.MD_KITE_INSTRUMENTS.some((i) => i.token === token)) {
        ctx.addIssue({
          code: 'custom',
          path: ['MD_OPTION_CHAIN_INDEX_TOKEN'],
          message: 'must be one of the MD_KITE_INSTRUMENTS tokens when MD_OPTION_CHAIN_UNDERLYING is set',
        });
      }
      if (!config.MD_OPTION_CHAIN_STRIKE_INTERVAL && !isUnderlying(config.MD_OPTION_CHAIN_UNDERLYING)) {
        ctx.addIssue({
          code: 'custom',
          path: ['MD_OPTION_CHAIN_STRIKE_INTERVAL'],
          message: `is required for ${config.MD_OPTION_CHAIN_UNDERLYING}`,
        });
      }
    }
  });

/** A variable set to nothing (`KITE_TICKER_ROOT=` in a copied .env) counts as unset, so its default applies. */
export const marketDataConfigSchema = z.preprocess(
  (env) =>
    env && typeof env === 'object'
      ? Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''))
      : env,
  marketDataSettings,
);

export type MarketDataConfig = z.output<typeof marketDataConfigSchema>;
