import { readFileSync } from 'node:fs';

import { parseOhlcvCsv } from '@dalal/brokers';
import { calendarFromTradingDays, istDate, type TradingCalendar } from '@dalal/market';

/**
 * The calendar that dates expiries when replaying a year the bundled one lacks: the trading days of the
 * replayed OHLCV file, as `dalal backtest` derives them from its data (weekdays without bars are holidays).
 */
export function expiryCalendarFromFile(file: string): TradingCalendar {
  const days = [
    ...new Set(parseOhlcvCsv(readFileSync(file, 'utf8')).map((row) => istDate(new Date(row.atMs)))),
  ];
  return calendarFromTradingDays('NSE', days).calendar;
}
