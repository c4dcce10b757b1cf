import { MarketError } from '../errors/market-error';

/**
 * A calendar date as `YYYY-MM-DD`. Exchange days are calendar dates in IST, so they are kept apart from
 * instants: a date never carries a time zone and compares correctly as a string.
 */
export type IsoDate = string;

/** 0 = Sunday … 6 = Saturday, as `Date#getUTCDay`. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export const Weekdays = {
  SUN: 0,
  MON: 1,
  TUE: 2,
  WED: 3,
  THU: 4,
  FRI: 5,
  SAT: 6,
} as const satisfies Record<string, Weekday>;

const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

export interface DateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isValidDateParts({ year, month, day }: DateParts): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

export function parseIsoDate(text: string): DateParts {
  const match = ISO_DATE.exec(text);
  const parts = match && { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  if (!parts || !isValidDateParts(parts)) {
    throw new MarketError('INVALID_DATE', `"${text}" is not a valid YYYY-MM-DD date`);
  }
  return parts;
}

export function isIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  return (
    match !== null &&
    isValidDateParts({ year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) })
  );
}

export function formatIsoDate(parts: DateParts): IsoDate {
  if (!isValidDateParts(parts)) {
    throw new MarketError('INVALID_DATE', `${parts.year}-${parts.month}-${parts.day} is not a calendar date`);
  }
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(parts.year, 4)}-${pad(parts.month, 2)}-${pad(parts.day, 2)}`;
}

/**
 * Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's `days_from_civil`); integer
 * arithmetic keeps calendar maths free of `Date` and of the host time zone.
 */
export function toEpochDay(date: IsoDate): number {
  const { year, month, day } = parseIsoDate(date);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function fromEpochDay(epochDay: number): IsoDate {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return formatIsoDate({ year, month, day });
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromEpochDay(toEpochDay(date) + days);
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

export function weekdayOf(date: IsoDate): Weekday {
  // 1970-01-01 was a Thursday.
  return ((((toEpochDay(date) + 4) % 7) + 7) % 7) as Weekday;
}

export function weekdayName(weekday: Weekday): string {
  return WEEKDAY_NAMES[weekday];
}

export function isWeekend(date: IsoDate): boolean {
  const weekday = weekdayOf(date);
  return weekday === Weekdays.SAT || weekday === Weekdays.SUN;
}

/** The last given weekday of a month, e.g. the last Tuesday of March 2026. */
export function lastWeekdayOfMonth(year: number, month: number, weekday: Weekday): IsoDate {
  const last = formatIsoDate({ year, month, day: daysInMonth(year, month) });
  const back = (weekdayOf(last) - weekday + 7) % 7;
  return addDays(last, -back);
}
