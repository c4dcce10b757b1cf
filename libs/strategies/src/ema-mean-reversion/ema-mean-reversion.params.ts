import { z } from 'zod';

import { istClock } from '../params';

/**
 * Parameters of ema-mean-reversion. Defaults are the users' SENSEX system, in index points and ₹.
 * Numbers use `z.coerce` so `--set key=value` strings validate the same way as preset numbers.
 */
export const emaMeanReversionParams = z.object({
  timeframe: z.enum(['1m', '3m', '5m', '15m']).default('3m'),
  fastPeriod: z.coerce.number().int().min(1).default(10),
  slowPeriod: z.coerce.number().int().min(2).default(20),
  /** Entry needs |EMAfast − EMAslow| ≤ this (points). */
  maxEmaGap: z.coerce.number().positive().default(51),
  /** Entry needs the bar to have come within this of EMAfast: min(|open − EMA|, |low or high − EMA|) < this. */
  maxTouchDistance: z.coerce.number().positive().default(21),
  /** take_profit when |close − EMAslow| > this (points). */
  takeProfitDistance: z.coerce.number().positive().default(150),
  /** time exit after this many closed bars held. */
  ceMaxBars: z.coerce.number().int().min(1).default(20),
  peMaxBars: z.coerce.number().int().min(1).default(10),
  /** square_off on the bar that closes at or after this time. */
  squareOffAt: istClock.default('15:15'),
  /** No entry on a bar that closes after this time. */
  lastEntryAt: istClock.default('15:00'),
  /** Signals on bars closing before this time buy the ATM strike; later ones ATM + afternoonStrikeOffset. */
  strikeSwitchAt: istClock.default('12:00'),
  /** ATM is the close rounded to this many points. */
  atmRounding: z.coerce.number().positive().default(100),
  /** Added to ATM after strikeSwitchAt, then rounded to the listed strike grid (for CE and PE alike). */
  afternoonStrikeOffset: z.coerce.number().default(-175),
});

export type EmaMeanReversionParams = z.output<typeof emaMeanReversionParams>;
export type EmaMeanReversionInput = z.input<typeof emaMeanReversionParams>;
