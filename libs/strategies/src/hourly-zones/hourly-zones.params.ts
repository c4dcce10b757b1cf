import { z } from 'zod';

import { istClock } from '../params';

export const ZONE_SIGNALS = ['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8'] as const;
export type ZoneSignal = (typeof ZONE_SIGNALS)[number];

/**
 * `--set signals=S1,S2` arrives as text, a preset or the gateway's PATCH as an array: both become a
 * list of signal ids. Duplicates are refused so a typo like `S1,S1` (meant `S1,S2`) is noticed.
 */
const signalList = z
  .preprocess(
    (value) =>
      typeof value === 'string'
        ? value
            .split(',')
            .map((item) => item.trim())
            .filter((item) => item !== '')
        : value,
    z.array(z.enum(ZONE_SIGNALS)).min(1, 'at least one signal'),
  )
  .refine((list) => new Set(list).size === list.length, 'each signal at most once');

/**
 * Parameters of hourly-zones. Defaults are the users' NIFTY system at today's level (NIFTY ≈ 25,000,
 * 50-point strikes); points are index points, premiums ₹ a unit. Numbers use `z.coerce` so
 * `--set key=value` strings validate the same way as preset numbers.
 */
export const hourlyZonesParams = z.object({
  /** The signals are defined on closed hourly bars only (09:15–10:15 … 15:15–15:30). */
  timeframe: z.enum(['1h']).default('1h'),
  /** Active signals; the users' guide starts with one or two. */
  signals: signalList.default([...ZONE_SIGNALS]),
  /** Lots of the sold option (and of its hedge) per entry: a fixed size, not risk-sized. */
  lots: z.coerce.number().int().min(1).default(1),
  /** A zone is at least this deep (points) even when the week closed at its extreme. */
  zoneMinWidth: z.coerce.number().min(0).default(50),
  /** S1 needs the week's first hourly bar to be green with a body of at least this (points). */
  s1MinBody: z.coerce.number().min(0).default(40),
  /** S7/S8: a retest reaches within this (points) of the first bar's high/low. */
  retestTolerance: z.coerce.number().min(0).default(20),
  /** The sold strike is the first listed strike at or beyond the stop level, then this many further out. */
  mainStrikeOffset: z.coerce.number().int().min(0).default(0),
  /** The bought hedge sits this many strikes further out than the sold one. */
  hedgeStrikes: z.coerce.number().int().min(1).default(4),
  /** No entry unless the net credit (sold − bought premium, ₹ a unit) exceeds this. */
  minCredit: z.coerce.number().min(0).default(0),
  /** take_profit once this % of the credit is in hand; 0 switches it off. */
  takeProfitPct: z.coerce.number().min(0).max(100).default(50),
  /** A signal does not fire again within this many minutes of firing. */
  cooldownMinutes: z.coerce.number().int().min(0).default(120),
  /** Entries only on bars closing in this window (IST, inclusive). */
  firstEntryAt: istClock.default('10:15'),
  lastEntryAt: istClock.default('15:15'),
  /** On the legs' expiry day, exit on the bar closing at or after this time; no entry from then. */
  expiryExitAt: istClock.default('15:15'),
  /** No entry with fewer calendar days than this to the current expiry (0: the expiry day is allowed). */
  minDaysToExpiry: z.coerce.number().int().min(0).default(0),
});

export type HourlyZonesParams = z.output<typeof hourlyZonesParams>;
export type HourlyZonesInput = z.input<typeof hourlyZonesParams>;
