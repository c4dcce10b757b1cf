import {
  decodeTradingSymbol,
  expiries,
  isMarketError,
  monthlyExpiry,
  tradingCalendar,
  underlyingSpec,
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
 * calendars. Futures, other symbols and expiries the calendar cannot date are SimulatorError NOT_AN_OPTION.
 */
export function optionContractOf(
  symbol: string,
  calendarOf: ExpiryCalendars = bundledExpiryCalendars,
): OptionContract {
  try {
    const parts = decodeTradingSymbol(symbol);
    if (parts.form === 'future') throw new SimulatorError('NOT_AN_OPTION', `${symbol} is a future`);
    const calendar = calendarOf(parts.underlying);
    let expiry: string;
    if (parts.form === 'monthly') {
      expiry = monthlyExpiry(parts.underlying, parts.year, parts.month, { calendar });
    } else {
      expiry = parts.expiry;
      const listed = expiries(parts.underlying, expiry, expiry, { calendar });
      if (!listed.some((e) => e.date === expiry && e.kind === 'weekly'))
        throw new SimulatorError('NOT_AN_OPTION', `${symbol}: ${expiry} is no weekly expiry`);
    }
    return {
      symbol,
      underlying: parts.underlying,
      key: { optionType: parts.type, strike: parts.strike, expiry },
    };
  } catch (error) {
    if (isMarketError(error)) throw new SimulatorError('NOT_AN_OPTION', `${symbol}: ${error.message}`);
    throw error;
  }
}
