/** Builders for this lib's specs only (not exported from the public entry). */
import { cryptoSpot, indexOption, type Instrument, type OptionInstrument } from '../instruments/instrument';
import { dec } from '../money/decimal';
import { createOrder, type Order } from '../orders/order';
import { type Fill } from '../orders/order-event';
import { type OrderRequest } from '../orders/validate-order';
import { tradeDate } from '../time/trade-date';

export function niftyCall(overrides: Partial<Parameters<typeof indexOption>[0]> = {}): OptionInstrument {
  return indexOption({
    underlying: 'NIFTY',
    exchange: 'NFO',
    expiry: tradeDate('2026-02-24'),
    strike: dec(25000),
    optionType: 'CE',
    tradeDate: tradeDate('2026-02-10'),
    symbol: 'NIFTY2622425000CE',
    ...overrides,
  });
}

export function bankNiftyPut(): OptionInstrument {
  return indexOption({
    underlying: 'BANKNIFTY',
    exchange: 'NFO',
    expiry: tradeDate('2026-02-24'),
    strike: dec(60000),
    optionType: 'PE',
    tradeDate: tradeDate('2026-02-10'),
    symbol: 'BANKNIFTY26FEB60000PE',
  });
}

export function sensexCall(): OptionInstrument {
  return indexOption({
    underlying: 'SENSEX',
    exchange: 'BFO',
    expiry: tradeDate('2026-02-12'),
    strike: dec(81000),
    optionType: 'CE',
    tradeDate: tradeDate('2026-02-05'),
    symbol: 'SENSEX2621281000CE',
  });
}

export function btcUsdt(): Instrument {
  return cryptoSpot({
    symbol: 'BTCUSDT',
    baseAsset: 'BTC',
    quoteAsset: 'USDT',
    tickSize: dec('0.01'),
    stepSize: dec('0.00001'),
  });
}

export function limitBuy(quantity: number | string, price: string): OrderRequest {
  return {
    side: 'BUY',
    type: 'LIMIT',
    product: 'NRML',
    validity: 'DAY',
    quantity: dec(quantity),
    price: dec(price),
    triggerPrice: null,
  };
}

export function pendingOrder(quantity = 130, instrument: Instrument = niftyCall()): Order {
  return createOrder({
    clientOrderId: 'c-1',
    instrument,
    request: limitBuy(quantity, '120.50'),
    createdAt: '2026-02-10T04:00:00.000Z',
    strategyId: 'ema-cross',
  });
}

export function fill(fillId: string, quantity: number, price = '120.50'): Fill {
  return { fillId, quantity: dec(quantity), price: dec(price), at: '2026-02-10T04:00:01.000Z' };
}
