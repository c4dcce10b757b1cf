import { NORMAL_HOURS } from '../calendar/trading-calendar';
import { fromIst } from '../time/ist';
import { type IsoDate } from '../time/local-date';

const MS_PER_YEAR = 365 * 86_400_000;

/**
 * Years from `now` until the close (15:30 IST) of the expiry day, in calendar time (ACT/365), floored at
 * zero. NSE and BSE index options both settle at the 15:30 close.
 */
export function timeToExpiryYears(now: Date, expiry: IsoDate): number {
  const close = fromIst(expiry, NORMAL_HOURS.close).getTime();
  return Math.max(close - now.getTime(), 0) / MS_PER_YEAR;
}
