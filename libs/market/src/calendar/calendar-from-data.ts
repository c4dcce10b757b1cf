import { type CalendarYear, type Holiday } from './calendar-year';
import { type Exchange } from './exchange';
import { createTradingCalendar, type TradingCalendar } from './trading-calendar';
import { addDays, isIsoDate, isWeekend, parseIsoDate, type IsoDate } from '../time/local-date';
import { MarketError } from '../errors/market-error';

export interface CalendarFromData {
  readonly calendar: TradingCalendar;
  /** Weekdays inside the data's range that have no bars: treated as holidays. */
  readonly missingWeekdays: readonly IsoDate[];
  readonly firstDay: IsoDate;
  readonly lastDay: IsoDate;
}

/**
 * A trading calendar for years the library has no holiday file for, derived from the days that have
 * data: inside [first, last day with data] a weekday without data is a holiday. Outside that range
 * (including the following year, so a December expiry search can cross New Year) nothing is known, and
 * every weekday is taken as a trading day. Callers should say so in their output.
 */
export function calendarFromTradingDays(exchange: Exchange, days: readonly IsoDate[]): CalendarFromData {
  if (days.length === 0) throw new MarketError('INVALID_DATE', 'no trading days given');
  for (const day of days) {
    if (!isIsoDate(day)) throw new MarketError('INVALID_DATE', `"${day}" is not a YYYY-MM-DD date`);
  }
  const sorted = [...new Set(days)].sort();
  const firstDay = sorted[0]!;
  const lastDay = sorted[sorted.length - 1]!;
  const present = new Set(sorted);
  const missingWeekdays: IsoDate[] = [];
  for (let day = firstDay; day <= lastDay; day = addDays(day, 1)) {
    if (!isWeekend(day) && !present.has(day)) missingWeekdays.push(day);
  }
  const firstYear = parseIsoDate(firstDay).year;
  const lastYear = parseIsoDate(lastDay).year + 1;
  const years: CalendarYear[] = [];
  for (let year = firstYear; year <= lastYear; year++) {
    const holidays: Holiday[] = missingWeekdays
      .filter((day) => parseIsoDate(day).year === year)
      .map((date) => ({ date, name: 'no data (derived holiday)' }));
    years.push({
      year,
      holidays: { NSE: exchange === 'NSE' ? holidays : [], BSE: exchange === 'BSE' ? holidays : [] },
      specialSessions: [],
      sources: [`derived from data ${firstDay}..${lastDay}; weekdays outside that range assumed open`],
    });
  }
  return { calendar: createTradingCalendar(exchange, years), missingWeekdays, firstDay, lastDay };
}
