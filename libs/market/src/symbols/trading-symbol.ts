import { MarketError } from '../errors/market-error';
import { expiries, isMonthlyExpiry, monthlyExpiry } from '../expiry/expiries';
import { isUnderlying, type Underlying, UNDERLYINGS } from '../expiry/underlying';
import { type OptionType } from '../options/option-type';
import { formatIsoDate, isValidDateParts, parseIsoDate, type IsoDate } from '../time/local-date';

export type ContractType = OptionType | 'FUT';

/**
 * The fields a NFO/BFO tradingsymbol encodes. Weekly symbols carry the full expiry date; monthly ones
 * only year and month, so turning them into a date needs the calendar (see `parseTradingSymbol`).
 */
export type SymbolParts =
  | {
      readonly underlying: Underlying;
      readonly form: 'weekly';
      readonly expiry: IsoDate;
      readonly strike: number;
      readonly type: OptionType;
    }
  | {
      readonly underlying: Underlying;
      readonly form: 'monthly';
      readonly year: number;
      readonly month: number;
      readonly strike: number;
      readonly type: OptionType;
    }
  | {
      readonly underlying: Underlying;
      readonly form: 'future';
      readonly year: number;
      readonly month: number;
      readonly type: 'FUT';
    };

/** A contract resolved to its expiry date. */
export interface ParsedContract {
  readonly underlying: Underlying;
  readonly expiry: IsoDate;
  readonly type: ContractType;
  /** Absent for futures. */
  readonly strike?: number;
  readonly form: SymbolParts['form'];
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] as const;
// Weekly symbols squeeze the month into one character: 1-9 for Jan-Sep, then O, N, D.
const WEEKLY_MONTH_CODES = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'O', 'N', 'D'] as const;

const UNDERLYING_PATTERN = [...UNDERLYINGS].sort((a, b) => b.length - a.length).join('|');
const MONTHLY = new RegExp(`^(${UNDERLYING_PATTERN})(\\d{2})(${MONTHS.join('|')})(\\d+(?:\\.\\d+)?)(CE|PE)$`);
const WEEKLY = new RegExp(`^(${UNDERLYING_PATTERN})(\\d{2})([1-9OND])(\\d{2})(\\d+(?:\\.\\d+)?)(CE|PE)$`);
const FUTURE = new RegExp(`^(${UNDERLYING_PATTERN})(\\d{2})(${MONTHS.join('|')})FUT$`);

function twoDigitYear(year: number): string {
  if (!Number.isInteger(year) || year < 2000 || year > 2099) {
    throw new MarketError('INVALID_DATE', `year ${year} cannot be written as a two-digit symbol year`);
  }
  return String(year - 2000).padStart(2, '0');
}

function formatStrike(strike: number): string {
  if (!Number.isFinite(strike) || strike <= 0) {
    throw new MarketError('INVALID_STRIKE', `strike must be a positive number, got ${strike}`);
  }
  const text = String(strike);
  if (!/^\d+(\.\d+)?$/.test(text))
    throw new MarketError('INVALID_STRIKE', `strike ${strike} has no plain form`);
  return text;
}

function monthName(month: number): string {
  const name = MONTHS[month - 1];
  if (!name) throw new MarketError('INVALID_DATE', `month ${month} is not 1-12`);
  return name;
}

/** Writes a tradingsymbol from its fields. No calendar check: see `optionSymbol` for that. */
export function formatTradingSymbol(parts: SymbolParts): string {
  switch (parts.form) {
    case 'weekly': {
      const { year, month, day } = parseIsoDate(parts.expiry);
      const code = WEEKLY_MONTH_CODES[month - 1] ?? '';
      return `${parts.underlying}${twoDigitYear(year)}${code}${String(day).padStart(2, '0')}${formatStrike(parts.strike)}${parts.type}`;
    }
    case 'monthly':
      return `${parts.underlying}${twoDigitYear(parts.year)}${monthName(parts.month)}${formatStrike(parts.strike)}${parts.type}`;
    case 'future':
      return `${parts.underlying}${twoDigitYear(parts.year)}${monthName(parts.month)}FUT`;
  }
}

function invalid(symbol: string, why: string): MarketError {
  return new MarketError('INVALID_SYMBOL', `"${symbol}" is not a NFO/BFO index tradingsymbol: ${why}`);
}

function readUnderlying(symbol: string, value: string | undefined): Underlying {
  if (value === undefined || !isUnderlying(value)) throw invalid(symbol, 'unknown underlying');
  return value;
}

function readStrike(symbol: string, value: string | undefined): number {
  const strike = Number(value);
  // Reject forms such as "025000" or "25000.0" that formatTradingSymbol never writes.
  if (!(strike > 0) || String(strike) !== value) throw invalid(symbol, `strike "${value}" is not canonical`);
  return strike;
}

/** Reads the fields of a tradingsymbol. The inverse of `formatTradingSymbol`. */
export function decodeTradingSymbol(symbol: string): SymbolParts {
  const future = FUTURE.exec(symbol);
  if (future) {
    return {
      underlying: readUnderlying(symbol, future[1]),
      form: 'future',
      year: 2000 + Number(future[2]),
      month: MONTHS.indexOf(future[3] as (typeof MONTHS)[number]) + 1,
      type: 'FUT',
    };
  }
  const monthly = MONTHLY.exec(symbol);
  if (monthly) {
    return {
      underlying: readUnderlying(symbol, monthly[1]),
      form: 'monthly',
      year: 2000 + Number(monthly[2]),
      month: MONTHS.indexOf(monthly[3] as (typeof MONTHS)[number]) + 1,
      strike: readStrike(symbol, monthly[4]),
      type: monthly[5] as OptionType,
    };
  }
  const weekly = WEEKLY.exec(symbol);
  if (weekly) {
    const date = {
      year: 2000 + Number(weekly[2]),
      month: WEEKLY_MONTH_CODES.indexOf(weekly[3] as (typeof WEEKLY_MONTH_CODES)[number]) + 1,
      day: Number(weekly[4]),
    };
    if (!isValidDateParts(date)) throw invalid(symbol, 'weekly expiry is not a calendar date');
    return {
      underlying: readUnderlying(symbol, weekly[1]),
      form: 'weekly',
      expiry: formatIsoDate(date),
      strike: readStrike(symbol, weekly[5]),
      type: weekly[6] as OptionType,
    };
  }
  throw invalid(
    symbol,
    'expected <U><YY><MMM><strike><CE|PE>, <U><YY><M><DD><strike><CE|PE> or <U><YY><MMM>FUT',
  );
}

function requireExpiry(underlying: Underlying, expiry: IsoDate): void {
  if (expiries(underlying, expiry, expiry).length === 0) {
    throw new MarketError('NOT_AN_EXPIRY', `${expiry} is not a ${underlying} expiry`);
  }
}

/**
 * The tradingsymbol of an index option expiring on `expiry`. The month's last expiry uses the monthly
 * form; other expiries the weekly form (brokers.md §6.6).
 */
export function optionSymbol(
  underlying: Underlying,
  expiry: IsoDate,
  strike: number,
  type: OptionType,
): string {
  requireExpiry(underlying, expiry);
  if (isMonthlyExpiry(underlying, expiry)) {
    const { year, month } = parseIsoDate(expiry);
    return formatTradingSymbol({ underlying, form: 'monthly', year, month, strike, type });
  }
  return formatTradingSymbol({ underlying, form: 'weekly', expiry, strike, type });
}

/** The tradingsymbol of the index future expiring on `expiry`, which must be a monthly expiry. */
export function futureSymbol(underlying: Underlying, expiry: IsoDate): string {
  if (!isMonthlyExpiry(underlying, expiry)) {
    throw new MarketError(
      'NOT_AN_EXPIRY',
      `${expiry} is not a ${underlying} monthly expiry, so no future expires then`,
    );
  }
  const { year, month } = parseIsoDate(expiry);
  return formatTradingSymbol({ underlying, form: 'future', year, month, type: 'FUT' });
}

/** Decodes a tradingsymbol and resolves its expiry date with the exchange calendar. */
export function parseTradingSymbol(symbol: string): ParsedContract {
  const parts = decodeTradingSymbol(symbol);
  switch (parts.form) {
    case 'weekly':
      requireExpiry(parts.underlying, parts.expiry);
      if (isMonthlyExpiry(parts.underlying, parts.expiry)) {
        throw invalid(symbol, `${parts.expiry} is the monthly expiry, which only uses the monthly form`);
      }
      return {
        underlying: parts.underlying,
        expiry: parts.expiry,
        type: parts.type,
        strike: parts.strike,
        form: 'weekly',
      };
    case 'monthly':
      return {
        underlying: parts.underlying,
        expiry: monthlyExpiry(parts.underlying, parts.year, parts.month),
        type: parts.type,
        strike: parts.strike,
        form: 'monthly',
      };
    case 'future':
      return {
        underlying: parts.underlying,
        expiry: monthlyExpiry(parts.underlying, parts.year, parts.month),
        type: 'FUT',
        form: 'future',
      };
  }
}
