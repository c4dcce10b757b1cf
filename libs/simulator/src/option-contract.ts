import {
  decodeTradingSymbol,
  expiries,
  isMarketError,
  monthlyExpiry,
  tradingCalendar,
  underlyingSpec,
  type SymbolParts,
  type TradingCalendar,
  type Underlying,
} from '@dalal/market';

import { type OptionKey } from './premiums';
import { SimulatorError } from './simulator-error';

/** An index option trading symbol resolved to what the premium models need. */
export interface OptionContract {
  readonly symbol: string;
  readonly underlying: Underlying;
  readonly key: OptionKey;
}

/**
 * The calendar that dates an underlying's expiries. The bundled exchange calendars cover only recent
 * years, so a replay of old data passes the one the backtest derives from the same bars: both sides
 * then agree on the expiry, and so on the premium.
 */
export type ExpiryCalendars = (underlying: Underlying) => TradingCalendar;

export const bundledExpiryCalendars: ExpiryCalendars = (underlying) =>
  tradingCalendar(underlyingSpec(underlying).exchange);

/**
 * Decodes an NFO/BFO index option symbol (weekly or monthly form) and dates its expiry with the given
 * calendars. SimulatorError NOT_AN_OPTION for futures and other symbols; UNDATED_EXPIRY when the symbol
 * is an option's but the calendar cannot date it (a year it lacks, a weekly date that is no expiry).
 */
export function optionContractOf(
  symbol: string,
  calendarOf: ExpiryCalendars = bundledExpiryCalendars,
): OptionContract {
  let parts: SymbolParts;
  try {
    parts = decodeTradingSymbol(symbol);
  } catch (error) {
    if (isMarketError(error)) throw new SimulatorError('NOT_AN_OPTION', error.message);
    throw error;
  }
  if (parts.form === 'future') throw new SimulatorError('NOT_AN_OPTION', `${symbol} is a future`);
  try {
    const calendar = calendarOf(parts.underlying);
    let expiry: string;
    if (parts.form === 'monthly') {
      expiry = monthlyExpiry(parts.underlying, parts.year, parts.month, { calendar });
    } else {
      expiry = parts.expiry;
      const listed = expiries(parts.underlying, expiry, expiry, { calendar });
      if (!listed.some((e) => e.date === expiry && e.kind === 'weekly'))
        throw new SimulatorError('UNDATED_EXPIRY', `${symbol}: ${expiry} is no weekly expiry`);
    }
    return {
      symbol,
      underlying: parts.underlying,
      key: { optionType: parts.type, strike: parts.strike, expiry },
    };
  } catch (error) {
    if (isMarketError(error)) throw new SimulatorError('UNDATED_EXPIRY', `${symbol}: ${error.message}`);
    throw error;
  }
}
