import {
  chargesForFill,
  dec,
  type Decimal,
  type IndianBroker,
  indexOption,
  tradeDate,
  ZERO,
} from '@dalal/domain';
import { istDate, parseTradingSymbol } from '@dalal/market';

import { type StoredOrder } from './execution/execution-store';

/** Whose tariff a broker id pays: paper trading is charged like Zerodha, so paper P&L is realistic. */
const TARIFF: Record<string, IndianBroker> = { kite: 'ZERODHA', paper: 'ZERODHA', smartapi: 'ANGEL_ONE' };

/**
 * Indian charges (brokerage, STT, exchange, SEBI, stamp duty, GST) of one index-option fill, from the
 * dated rates in @dalal/domain. An instrument the charges model does not know is reported, not guessed.
 */
export function indexOptionCharges(
  order: StoredOrder,
  quantity: number,
  price: Decimal,
  at: Date,
  onUnknown: (reason: string) => void,
): Decimal {
  try {
    const contract = parseTradingSymbol(order.leg.instrument);
    if (contract.type === 'FUT' || contract.strike === undefined)
      throw new Error('futures are not charged here yet');
    const day = tradeDate(istDate(at));
    const instrument = indexOption({
      underlying: contract.underlying as Parameters<typeof indexOption>[0]['underlying'],
      exchange: order.leg.exchange === 'BFO' ? 'BFO' : 'NFO',
      expiry: tradeDate(contract.expiry),
      strike: dec(String(contract.strike)),
      optionType: contract.type,
      tradeDate: day,
      symbol: order.leg.instrument,
    });
    return chargesForFill(
      { instrument, side: order.leg.side, quantity: dec(quantity), price, tradeDate: day },
      { broker: TARIFF[order.broker] ?? 'ZERODHA' },
    ).total;
  } catch (err) {
    onUnknown(`no charges for ${order.leg.instrument}: ${(err as Error).message}`);
    return ZERO;
  }
}
