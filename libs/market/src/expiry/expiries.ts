import { expiryRuleOn } from './expiry-rules';
import { underlyingSpec, type Underlying } from './underlying';
import { tradingCalendar, type TradingCalendar } from '../calendar/trading-calendar';
import { MarketError } from '../errors/market-error';
import {
  addDays,
  daysInMonth,
  formatIsoDate,
  lastWeekdayOfMonth,
  parseIsoDate,
  weekdayOf,
  type IsoDate,
} from '../time/local-date';

export type ExpiryKind = 'weekly' | 'monthly';

export interface Expiry {
  readonly underlying: Underlying;
  /** The day the contract actually expires, after any holiday shift. */
  readonly date: IsoDate;
  /** The day the rule schedules; differs from `date` when that day is a holiday. */
  readonly scheduled: IsoDate;
  readonly kind: ExpiryKind;
}

export interface ExpiryCalendarOptions {
  /**
   * The calendar that shifts expiries off holidays. Defaults to the bundled exchange calendar; a
   * backtest over years the library has no holiday file for passes one derived from its data.
   */
  readonly calendar?: TradingCalendar;
}

export interface NextExpiryOptions extends ExpiryCalendarOptions {
  /** Only the month's last (monthly) expiry. */
  readonly monthly?: boolean;
}

// A holiday shift never moves an expiry back by more than this many days.
const MAX_SHIFT_DAYS = 10;
// nextExpiry gives up after this many months without an expiry.
const MAX_MONTHS_AHEAD = 3;

function calendarFor(underlying: Underlying): TradingCalendar {
  return tradingCalendar(underlyingSpec(underlying).exchange);
}

/** Expiries on exchange holidays move to the previous full trading day (brokers.md §6.3). */
function shiftForHolidays(calendar: TradingCalendar, scheduled: IsoDate): IsoDate {
  return calendar.isTradingDay(scheduled, { regularOnly: true })
    ? scheduled
    : calendar.previousTradingDay(scheduled, { regularOnly: true });
}

function scheduledMonthly(underlying: Underlying, year: number, month: number): IsoDate {
  const monthEnd = formatIsoDate({ year, month, day: daysInMonth(year, month) });
  return lastWeekdayOfMonth(year, month, expiryRuleOn(underlying, monthEnd).monthly);
}

/** The month's last expiry (the monthly contract's), shifted for holidays. */
export function monthlyExpiry(
  underlying: Underlying,
  year: number,
  month: number,
  options: ExpiryCalendarOptions = {},
): IsoDate {
  return shiftForHolidays(
    options.calendar ?? calendarFor(underlying),
    scheduledMonthly(underlying, year, month),
  );
}

/**
 * Every expiry (weekly and monthly) with `from <= date <= to`, in date order. A weekly expiry that falls
 * on the month's last expiry day is the monthly contract and is listed once, as `monthly`.
 */
export function expiries(
  underlying: Underlying,
  from: IsoDate,
  to: IsoDate,
  options: ExpiryCalendarOptions = {},
): Expiry[] {
  parseIsoDate(from);
  parseIsoDate(to);
  const calendar = options.calendar ?? calendarFor(underlying);
  const knownYears = new Set(calendar.years);
  const found = new Map<IsoDate, Expiry>();
  // Shifts only move earlier, so scheduled days before `from` cannot land in range, and ones a little
  // after `to` can.
  const last = addDays(to, MAX_SHIFT_DAYS);
  for (let day = from; day <= last; day = addDays(day, 1)) {
    const { year, month } = parseIsoDate(day);
    // Beyond `to`, a year without data can only matter through a shift across New Year; skip it.
    if (day > to && !knownYears.has(year)) continue;
    const rule = expiryRuleOn(underlying, day);
    const isMonthly = scheduledMonthly(underlying, year, month) === day;
    if (!isMonthly && rule.weekly !== weekdayOf(day)) continue;
    const date = shiftForHolidays(calendar, day);
    if (date < from || date > to) continue;
    const kind: ExpiryKind = isMonthly ? 'monthly' : 'weekly';
    if (found.get(date)?.kind !== 'monthly') found.set(date, { underlying, date, scheduled: day, kind });
  }
  return [...found.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
}

/**
 * Expiry dates of the weekly series between two dates, including the month's last one (which trades as
 * the monthly contract). Empty for indices without weeklies (BANKNIFTY since 20 Nov 2024).
 */
export function weeklyExpiries(underlying: Underlying, from: IsoDate, to: IsoDate): IsoDate[] {
  return expiries(underlying, from, to)
    .filter(
      (expiry) => expiry.kind === 'weekly' || expiryRuleOn(underlying, expiry.scheduled).weekly !== null,
    )
    .map((expiry) => expiry.date);
}

export function isMonthlyExpiry(underlying: Underlying, date: IsoDate): boolean {
  const { year, month } = parseIsoDate(date);
  return monthlyExpiry(underlying, year, month) === date;
}

export function isExpiry(underlying: Underlying, date: IsoDate): boolean {
  return expiries(underlying, date, date).length > 0;
}

/** The first expiry on or after `onDate` (the expiry day itself counts). */
export function nextExpiry(underlying: Underlying, onDate: IsoDate, options: NextExpiryOptions = {}): Expiry {
  let { year, month } = parseIsoDate(onDate);
  let from = onDate;
  for (let i = 0; i < MAX_MONTHS_AHEAD; i++) {
    const monthEnd = formatIsoDate({ year, month, day: daysInMonth(year, month) });
    const match = expiries(underlying, from, monthEnd, options).find(
      (e) => !options.monthly || e.kind === 'monthly',
    );
    if (match) return match;
    from = addDays(monthEnd, 1);
    ({ year, month } = parseIsoDate(from));
  }
  throw new MarketError(
    'NO_EXPIRY_RULE',
    `no ${underlying} expiry found within ${MAX_MONTHS_AHEAD} months of ${onDate}`,
  );
}
