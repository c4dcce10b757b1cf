import { performance } from 'node:perf_hooks';

import { PaperBroker, type PlaceOrder } from '@dalal/brokers';
import { dec, type Decimal } from '@dalal/domain';
import { calendarFromTradingDays, fromIst } from '@dalal/market';
import { BlackScholesPremiums, OptionQuotes } from '@dalal/simulator';

import { type BenchRow } from '../bench-row';

const CALENDAR = calendarFromTradingDays('NSE', ['2012-12-03', '2012-12-27']).calendar;
const START = fromIst('2012-12-03', '09:15').getTime();

function broker(): PaperBroker {
  return new PaperBroker({
    slippage: 0.05,
    tickSize: 0.05,
    optionQuotes: new OptionQuotes({
      premiums: new BlackScholesPremiums({ volatility: 0.15, rate: 0.065 }),
      calendarOf: () => CALENDAR,
    }),
  });
}

const order = (id: number, strike: number, overrides: Partial<PlaceOrder> = {}): PlaceOrder => ({
  clientOrderId: `B${id}`,
  instrument: `NIFTY12DEC${strike}CE`,
  exchange: 'NFO',
  side: 'BUY',
  quantity: 50,
  orderType: 'MARKET',
  product: 'MIS',
  validity: 'DAY',
  ...overrides,
});

/** A random walk of index prices as Decimals, prepared outside the timed loop. */
function walk(n: number): Decimal[] {
  const prices: Decimal[] = [];
  let price = 5900;
  for (let i = 0; i < n; i++) {
    price += Math.sin(i * 0.37) * 1.5;
    prices.push(dec(price.toFixed(2)));
  }
  return prices;
}

/**
 * The paper broker trading index options from a replayed index: index ticks/s while 20 option limit
 * orders work (each tick prices all 20 with Black-Scholes), and market option orders priced and filled/s.
 */
export async function paperOptionsBenchmark(): Promise<BenchRow[]> {
  const ticks = 100_000;
  const prices = walk(ticks);
  const working = broker();
  working.onPrice('NIFTY 50', prices[0]!, new Date(START));
  for (let i = 0; i < 20; i++)
    await working.placeOrder(order(i, 5500 + 50 * i, { orderType: 'LIMIT', price: dec('0.05') }));
  let started = performance.now();
  for (let i = 0; i < ticks; i++) working.onPrice('NIFTY 50', prices[i]!, new Date(START + i * 250));
  const tickRate = ticks / ((performance.now() - started) / 1000);

  const orders = 20_000;
  const filling = broker();
  filling.onPrice('NIFTY 50', dec('5900'), new Date(START));
  started = performance.now();
  for (let i = 0; i < orders; i++) await filling.placeOrder(order(i, 5500 + 50 * (i % 17)));
  const orderRate = orders / ((performance.now() - started) / 1000);
  if ((await filling.getTrades()).length !== orders) throw new Error('paper-options: not every order filled');

  return [
    {
      benchmark: 'paper-options',
      metric: 'index ticks through the paper broker, 20 working option orders priced per tick',
      value: tickRate,
      unit: 'ticks/s',
    },
    {
      benchmark: 'paper-options',
      metric: 'market option orders priced from the index and filled',
      value: orderRate,
      unit: 'orders/s',
    },
  ];
}
