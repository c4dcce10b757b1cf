import {
  chargesForFill,
  dec,
  type Decimal,
  type IndianBroker,
  indexOption,
  tradeDate,
  ZERO,
} from '@dalal/domain';
import { istDate } from '@dalal/market';
import {
  bundledExpiryCalendars,
  optionContractOf,
  optionRatesDateFor,
  type ExpiryCalendars,
} from '@dalal/simulator';

import { type StoredOrder } from './execution/execution-store';

/** Whose tariff a broker id pays: paper trading is charged like Zerodha, so paper P&L is realistic. */
const TARIFF: Record<string, IndianBroker> = { kite: 'ZERODHA', paper: 'ZERODHA', smartapi: 'ANGEL_ONE' };

// Charges never read an instrument's lot size; naming one keeps indexOption from looking it up in dated
// tables that do not reach back to replayed years.
const LOT_SIZE_UNUSED_BY_CHARGES = dec(1);

/**
 * Indian charges (brokerage, STT, exchange, SEBI, stamp duty, GST) of one index-option fill, from the
 * dated rates in @dalal/domain. A fill dated before the earliest rates is charged at them, as the
 * backtester does, so a replay of old data costs what its backtest costs. The expiry is dated with
 * `calendarOf` (the paper broker's). An instrument the charges model does not know is reported, not
 * guessed.
 */
export function indexOptionCharges(
  order: StoredOrder,
  quantity: number,
  price: Decimal,
  at: Date,
  onUnknown: (reason: string) => void,
  calendarOf: ExpiryCalendars = bundledExpiryCalendars,
): Decimal {
  try {
    const { underlying, key } = optionContractOf(order.leg.instrument, calendarOf);
    const exchange = order.leg.exchange === 'BFO' ? 'BFO' : 'NFO';
    const broker = TARIFF[order.broker] ?? 'ZERODHA';
    const day = istDate(at);
    const ratesOn = optionRatesDateFor(broker, exchange === 'BFO' ? 'BSE' : 'NSE', day);
    const instrument = indexOption({
      underlying,
      exchange,
      expiry: tradeDate(key.expiry),
      strike: dec(String(key.strike)),
      optionType: key.optionType,
      tradeDate: tradeDate(day),
      symbol: order.leg.instrument,
      lotSize: LOT_SIZE_UNUSED_BY_CHARGES,
      freezeQuantity: null,
    });
    return chargesForFill(
      { instrument, side: order.leg.side, quantity: dec(quantity), price, tradeDate: tradeDate(day) },
      { broker, ratesOn: ratesOn === undefined ? undefined : tradeDate(ratesOn) },
    ).total;
  } catch (err) {
    onUnknown(`no charges for ${order.leg.instrument}: ${(err as Error).message}`);
    return ZERO;
  }
}
