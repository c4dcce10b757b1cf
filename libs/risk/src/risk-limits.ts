import { z } from 'zod';

import { RiskError } from './risk-error';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (IST)');
const money = z.coerce.number().positive();
const optionalCount = z.coerce.number().int().min(1).nullable();

/**
 * Every risk limit, with the defaults that reproduce the users' ema-mean-reversion system (3 entries a
 * day, 2% of equity at risk per trade, ₹25,000 daily loss, size halved after 2 losses in a row). Numbers
 * use `z.coerce` so `--risk key=value` strings and stored JSON validate the same way. `null` turns a
 * limit off. docs/risk.md describes each one with its reason code.
 */
export const riskLimitsSchema = z.object({
  /** ₹ the account starts with; equity = capital + realized net P&L. */
  capital: money.default(500_000),
  /** Fraction of equity a trade may lose if its stop is hit; sets the lots of risk-sized intents. */
  riskPerTrade: z.coerce.number().positive().max(1).default(0.02),
  maxTradesPerDay: optionalCount.default(3),
  /** Positions (or entries on their way) one strategy may hold at once. */
  maxOpenPositions: optionalCount.default(1),
  /** Units of one instrument the strategy may hold, both sides counted as absolute quantity. */
  maxOpenQuantity: optionalCount.default(null),
  /** An order above the exchange freeze quantity is sliced; above this many slices it is refused. */
  maxFreezeSlices: z.coerce.number().int().min(1).default(10),
  /** ₹ of realized + unrealized loss today at which entries stop (the account becomes REDUCING). */
  dailyLossLimit: money.nullable().default(25_000),
  /** Also exit open positions when the daily loss limit is hit. */
  flattenOnDailyLoss: z.coerce.boolean().default(false),
  /** After this many losing trades in a row the size is halved (never below one lot). */
  lossStreakToHalve: optionalCount.default(2),
  /** After this many losing trades in a row no more entries today. */
  lossStreakToPause: optionalCount.default(null),
  /** ₹ fall of today's P&L from its peak at which entries stop. */
  maxDrawdownFromPeak: money.nullable().default(null),
  /** Entries only between these IST times (inclusive, by the deciding bar's close). */
  entryFrom: hhmm.default('09:15'),
  entryUntil: hhmm.default('15:30'),
  /** Intraday positions are squared off at this IST time… */
  squareOffAt: hhmm.default('15:15'),
  /** …and no entry is taken in the minutes before it. */
  noEntryMinutesBeforeSquareOff: z.coerce.number().int().min(0).default(0),
  /** The same strategy may not send the same action on the same instruments again within this. */
  duplicateWindowSeconds: z.coerce.number().int().min(0).default(60),
  /** Usage at or above this fraction of a limit raises a warning. */
  warnAt: z.coerce.number().positive().max(1).default(0.8),
});

export type RiskLimits = z.output<typeof riskLimitsSchema>;
export type RiskLimitsInput = z.input<typeof riskLimitsSchema>;

export const DEFAULT_RISK_LIMITS: RiskLimits = riskLimitsSchema.parse({});

/**
 * Limits from layered settings (defaults, then account, then strategy, then e.g. `--risk` flags).
 * Unknown keys are refused so a typo cannot silently leave a limit at its default.
 */
export function parseRiskLimits(
  ...layers: ReadonlyArray<Readonly<Record<string, unknown>> | undefined>
): RiskLimits {
  const merged: Record<string, unknown> = {};
  for (const layer of layers) Object.assign(merged, layer ?? {});
  const known = new Set(Object.keys(riskLimitsSchema.shape));
  const unknown = Object.keys(merged).filter((key) => !known.has(key));
  if (unknown.length > 0) {
    throw new RiskError(
      'INVALID_LIMITS',
      `unknown risk setting(s) ${unknown.join(', ')} (known: ${[...known].join(', ')})`,
    );
  }
  for (const [key, value] of Object.entries(merged)) {
    if (value === 'null' || value === 'off') merged[key] = null;
    if (value === 'false') merged[key] = false;
  }
  const parsed = riskLimitsSchema.safeParse(merged);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new RiskError('INVALID_LIMITS', `risk settings: ${issues.join('; ')}`);
  }
  return parsed.data;
}
