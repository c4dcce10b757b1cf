import { DomainError } from '../errors/domain-error';

/**
 * A calendar date in exchange time (Asia/Kolkata for NSE/BSE, UTC for Binance) as `YYYY-MM-DD`.
 * Dated reference data (lot sizes, charge rates) is keyed by trading day, not by instant, so the domain
 * needs no clock and no time zone: the caller (who owns the Clock) decides which day a trade belongs to.
 * ISO dates compare correctly as strings, which keeps lookups trivial.
 */
export type TradeDate = string & { readonly __brand: 'TradeDate' };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function tradeDate(text: string): TradeDate {
  const match = ISO_DATE.exec(text);
  const year = Number(match?.[1]);
  const month = Number(match?.[2]);
  const day = Number(match?.[3]);
  if (!match || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new DomainError('INVALID_DATE', `not a calendar date (YYYY-MM-DD): "${text}"`, { text });
  }
  return text as TradeDate;
}
