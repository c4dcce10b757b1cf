import { CALENDAR_2025 } from './calendar-2025';
import { CALENDAR_2026 } from './calendar-2026';
import { type CalendarYear, type Holiday, type SpecialSession } from './calendar-year';
import { type Exchange } from './exchange';
import { MarketError } from '../errors/market-error';
import { fromIst, istDate, type IstTime } from '../time/ist';
import { addDays, isWeekend, parseIsoDate, type IsoDate } from '../time/local-date';

/** Normal equity and F&O hours (IST). */
export const NORMAL_HOURS = {
  preOpen: { start: '09:00', end: '09:08' },
  open: '09:15',
  close: '15:30',
} as const;

export interface Session {
  readonly exchange: Exchange;
  readonly date: IsoDate;
  readonly kind: 'regular' | 'special';
  /** The special session's name, e.g. "Muhurat trading". */
  readonly name?: string;
  readonly open: IstTime;
  readonly close: IstTime;
  /** Continuous trading starts (inclusive) … */
  readonly opensAt: Date;
  /** … and ends (exclusive). */
  readonly closesAt: Date;
  /** Equity pre-open order entry; F&O options have none (brokers.md §6.4). */
  readonly preOpen: { readonly startsAt: Date; readonly endsAt: Date } | null;
  /** False for token sessions (Muhurat) that do not count as a trading day for expiries. */
  readonly countsAsTradingDay: boolean;
}

export interface TradingDayOptions {
  /** Skip sessions that do not count as a full trading day (Muhurat). Expiry shifting uses this. */
  readonly regularOnly?: boolean;
}

export interface TradingCalendar {
  readonly exchange: Exchange;
  /** The years this calendar has data for; other years throw CALENDAR_YEAR_UNKNOWN. */
  readonly years: readonly number[];
  sessionFor(date: IsoDate): Session | null;
  holidayOn(date: IsoDate): Holiday | null;
  isTradingDay(date: IsoDate, options?: TradingDayOptions): boolean;
  /** Whether continuous trading is on at this instant. */
  isOpen(instant: Date): boolean;
  /** The first session open at or after this instant (the next one if a session is already under way). */
  nextOpen(instant: Date): Date;
  /** The last trading day strictly before the date. */
  previousTradingDay(date: IsoDate, options?: TradingDayOptions): IsoDate;
  /** The first trading day strictly after the date. */
  nextTradingDay(date: IsoDate, options?: TradingDayOptions): IsoDate;
}

// No exchange closes for this long, so a longer search means the data is wrong.
const MAX_SEARCH_DAYS = 31;

export function createTradingCalendar(exchange: Exchange, data: readonly CalendarYear[]): TradingCalendar {
  const years = new Map(data.map((year) => [year.year, year]));
  const holidays = new Map<IsoDate, Holiday>();
  const specials = new Map<IsoDate, SpecialSession>();
  for (const year of data) {
    for (const holiday of year.holidays[exchange]) holidays.set(holiday.date, holiday);
    for (const special of year.specialSessions) {
      if (special.exchanges.includes(exchange)) specials.set(special.date, special);
    }
  }

  const requireYear = (date: IsoDate): void => {
    const { year } = parseIsoDate(date);
    if (!years.has(year)) {
      throw new MarketError(
        'CALENDAR_YEAR_UNKNOWN',
        `${exchange} calendar has no data for ${year} (known: ${[...years.keys()].join(', ')})`,
      );
    }
  };

  const toSession = (
    date: IsoDate,
    hours: { open: IstTime; close: IstTime; preOpen?: { start: IstTime; end: IstTime } },
    extra: Pick<Session, 'kind' | 'name' | 'countsAsTradingDay'>,
  ): Session => ({
    exchange,
    date,
    ...extra,
    open: hours.open,
    close: hours.close,
    opensAt: fromIst(date, hours.open),
    closesAt: fromIst(date, hours.close),
    preOpen: hours.preOpen
      ? { startsAt: fromIst(date, hours.preOpen.start), endsAt: fromIst(date, hours.preOpen.end) }
      : null,
  });

  const sessionFor = (date: IsoDate): Session | null => {
    requireYear(date);
    const special = specials.get(date);
    if (special) {
      return toSession(date, special, {
        kind: 'special',
        name: special.name,
        countsAsTradingDay: special.countsAsTradingDay,
      });
    }
    if (isWeekend(date) || holidays.has(date)) return null;
    return toSession(date, NORMAL_HOURS, { kind: 'regular', countsAsTradingDay: true });
  };

  const isTradingDay = (date: IsoDate, options: TradingDayOptions = {}): boolean => {
    const session = sessionFor(date);
    return session !== null && (!options.regularOnly || session.countsAsTradingDay);
  };

  const step = (date: IsoDate, direction: 1 | -1, options: TradingDayOptions): IsoDate => {
    let candidate = date;
    for (let i = 0; i < MAX_SEARCH_DAYS; i++) {
      candidate = addDays(candidate, direction);
      if (isTradingDay(candidate, options)) return candidate;
    }
    throw new MarketError(
      'NO_TRADING_DAY_FOUND',
      `no ${exchange} trading day within ${MAX_SEARCH_DAYS} days of ${date}`,
    );
  };

  return {
    exchange,
    years: [...years.keys()].sort((a, b) => a - b),
    sessionFor,
    holidayOn: (date) => {
      requireYear(date);
      return holidays.get(date) ?? null;
    },
    isTradingDay,
    isOpen: (instant) => {
      const session = sessionFor(istDate(instant));
      const t = instant.getTime();
      return session !== null && session.opensAt.getTime() <= t && t < session.closesAt.getTime();
    },
    nextOpen: (instant) => {
      const t = instant.getTime();
      let date = istDate(instant);
      for (let i = 0; i <= MAX_SEARCH_DAYS; i++) {
        const session = sessionFor(date);
        if (session && session.opensAt.getTime() >= t) return session.opensAt;
        date = addDays(date, 1);
      }
      throw new MarketError(
        'NO_TRADING_DAY_FOUND',
        `no ${exchange} session opens within ${MAX_SEARCH_DAYS} days`,
      );
    },
    previousTradingDay: (date, options = {}) => step(date, -1, options),
    nextTradingDay: (date, options = {}) => step(date, 1, options),
  };
}

/** The calendar years shipped with the library. */
export const CALENDAR_YEARS: readonly CalendarYear[] = [CALENDAR_2025, CALENDAR_2026];

const BUNDLED: Record<Exchange, TradingCalendar> = {
  NSE: createTradingCalendar('NSE', CALENDAR_YEARS),
  BSE: createTradingCalendar('BSE', CALENDAR_YEARS),
};

/** The exchange's calendar built from the bundled holiday and special-session data. */
export function tradingCalendar(exchange: Exchange): TradingCalendar {
  return BUNDLED[exchange];
}
