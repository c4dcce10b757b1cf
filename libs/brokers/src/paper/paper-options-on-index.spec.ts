import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { dec } from '@dalal/domain';
import { calendarFromTradingDays, fromIst, istDate } from '@dalal/market';
import { BlackScholesPremiums, OptionQuotes, SimulatedExchange } from '@dalal/simulator';

import { type PlaceOrder } from '../broker-adapter';
import { isBrokerError } from '../broker-error';
import { PaperBroker } from './paper-broker';
import { ohlcvEvents, parseOhlcvCsv } from '../feeds/replay/ohlcv-replay';

// The shipped NIFTY December 2012 minutes, replayed as the market-data service does (end-labelled rows).
const FILE = join(__dirname, '../../../../../shared/data/nifty-2012-12-1m.csv');
const ROWS = parseOhlcvCsv(readFileSync(FILE, 'utf8'));
const DAYS = [...new Set(ROWS.map((row) => istDate(new Date(row.atMs))))];
const CALENDAR = calendarFromTradingDays('NSE', DAYS).calendar;
const TICKS = ohlcvEvents(ROWS, { instrument: 'NIFTY 50', exchange: 'NSE' }).flatMap((e) =>
  e.tick ? [e.tick] : [],
);
const CE = 'NIFTY12DEC5900CE';
const CE_KEY = { optionType: 'CE', strike: 5900, expiry: '2012-12-27' } as const;

const premiums = () => new BlackScholesPremiums({ volatility: 0.15, rate: 0.065 });
const paper = (options: Partial<ConstructorParameters<typeof PaperBroker>[0]> = {}) =>
  new PaperBroker({
    slippage: 0.05,
    tickSize: 0.05,
    now: () => new Date('2026-12-02T04:00:00Z'), // wall clock: a replayed fill must not use it
    optionQuotes: new OptionQuotes({ premiums: premiums(), calendarOf: () => CALENDAR }),
    ...options,
  });
const order = (overrides: Partial<PlaceOrder> = {}): PlaceOrder => ({
  clientOrderId: 'C1',
  instrument: CE,
  exchange: 'NFO',
  side: 'BUY',
  quantity: 50,
  orderType: 'MARKET',
  product: 'MIS',
  validity: 'DAY',
  ...overrides,
});
/** Replays ticks [from, to) of the file into the broker. */
const replay = (broker: PaperBroker, from: number, to: number) => {
  for (const tick of TICKS.slice(from, to))
    broker.onPrice(tick.instrument, dec(tick.ltp), new Date(tick.exchangeTs));
};

describe('paper broker: index options priced from a replayed index', () => {
  it('a market BUY of a NIFTY call after the bar’s open tick fills at exactly the backtester’s next-open price', async () => {
    // The backtester decides on minute 2's close and fills at minute 3's option open: Black-Scholes on
    // minute 3's open at its start, plus one tick of slippage, through the same SimulatedExchange.
    const row = ROWS[3]!;
    const bar = {
      time: row.atMs - 60_000,
      open: Number(row.open),
      high: Number(row.high),
      low: Number(row.low),
      close: Number(row.close),
      volume: 0,
    };
    const backtester = new SimulatedExchange({ slippage: 1 * 0.05, tickSize: 0.05 });
    backtester.submit({ id: 'e', instrument: '1:0', side: 'BUY', quantity: 50, type: 'MARKET' });
    const [expected] = backtester.onBar('1:0', premiums().optionBar(CE_KEY, bar));

    const broker = paper();
    replay(broker, 0, 3 * 4 + 1); // minutes 0-2 and minute 3's open tick
    expect(TICKS[3 * 4]!.exchangeTs).toBe(new Date(bar.time).toISOString());
    const { brokerOrderId } = await broker.placeOrder(order());
    const filled = await broker.getOrder(brokerOrderId);
    expect(filled).toMatchObject({ status: 'FILLED', filledQuantity: 50 });
    expect(filled.averagePrice.toString()).toBe(String(expected!.price));
    const [trade] = await broker.getTrades();
    expect(trade!.price.toString()).toBe(String(expected!.price));
    expect(trade!.filledAt).toBe('2012-12-03T03:48:00.000Z'); // 09:18 IST, the tick's time
    expect(expected!.price).toBeGreaterThan(20); // a real premium, not a clamp to one tick
  });

  it('a sell fills at the model premium less slippage; the price is on the tick grid', async () => {
    const broker = paper();
    replay(broker, 0, 1);
    await broker.placeOrder(order({ side: 'SELL' }));
    const [trade] = await broker.getTrades();
    const model = premiums().price(CE_KEY, Number(TICKS[0]!.ltp), Date.parse(TICKS[0]!.exchangeTs));
    const expected = Math.round((model - 0.05) / 0.05) * 0.05;
    expect(trade!.price.toNumber()).toBeCloseTo(expected, 8);
    expect(trade!.price.mod(dec('0.05')).isZero()).toBe(true);
  });

  it('an order placed before the index has ticked waits, then fills at the first index tick', async () => {
    const broker = paper();
    const { brokerOrderId } = await broker.placeOrder(order());
    expect((await broker.getOrder(brokerOrderId)).status).toBe('OPEN');
    replay(broker, 0, 1);
    const [trade] = await broker.getTrades();
    const model = premiums().price(CE_KEY, Number(TICKS[0]!.ltp), Date.parse(TICKS[0]!.exchangeTs));
    expect(trade!.price.toNumber()).toBeCloseTo(Math.round((model + 0.05) / 0.05) * 0.05, 8);
    expect(trade!.filledAt).toBe(TICKS[0]!.exchangeTs);
  });

  it('a limit buy on a call works until NIFTY falls far enough for the premium to reach it', async () => {
    const broker = paper();
    broker.onPrice('NIFTY 50', dec('5900'), fromIst('2012-12-03', '09:20'));
    const atm = premiums().price(CE_KEY, 5900, fromIst('2012-12-03', '09:20').getTime());
    const limit = dec(Math.floor(atm - 10));
    const { brokerOrderId } = await broker.placeOrder(order({ orderType: 'LIMIT', price: limit }));
    expect((await broker.getOrder(brokerOrderId)).status).toBe('OPEN');
    broker.onPrice('NIFTY 50', dec('5890'), fromIst('2012-12-03', '09:21'));
    expect((await broker.getOrder(brokerOrderId)).status).toBe('OPEN');
    broker.onPrice('NIFTY 50', dec('5860'), fromIst('2012-12-03', '09:22'));
    const filled = await broker.getOrder(brokerOrderId);
    expect(filled.status).toBe('FILLED');
    expect(filled.averagePrice.lte(limit)).toBe(true);
  });

  it('an option with ticks of its own trades on them, not on the model', async () => {
    const broker = paper();
    replay(broker, 0, 1);
    broker.onPrice(CE, dec('91.40'), fromIst('2012-12-03', '09:15'));
    await broker.placeOrder(order());
    expect((await broker.getTrades())[0]!.price.toString()).toBe('91.45');
  });

  it('marks an open option position at the model premium of the index’s last tick', async () => {
    const broker = paper({ slippage: 0 });
    broker.onPrice('NIFTY 50', dec('5900'), fromIst('2012-12-03', '09:20'));
    await broker.placeOrder(order());
    broker.onPrice('NIFTY 50', dec('5950'), fromIst('2012-12-03', '09:21'));
    const mark = premiums().price(CE_KEY, 5950, fromIst('2012-12-03', '09:21').getTime());
    const [position] = await broker.getPositions();
    expect(position!.lastPrice.toNumber()).toBeCloseTo(Math.round(mark / 0.05) * 0.05, 8);
    expect(position!.unrealized.gt(0)).toBe(true);
    const [quote] = await broker.getQuotes([{ exchange: 'NFO', instrument: CE }]);
    expect(quote!.lastPrice.toString()).toBe(position!.lastPrice.toString());
  });

  it('refuses an option whose expiry its calendar cannot date, naming the symbol, instead of never filling', async () => {
    const broker = paper({ optionQuotes: new OptionQuotes({ premiums: premiums() }) }); // bundled: 2025-26
    const refusal = await broker.placeOrder(order()).catch((error: unknown) => error);
    expect(isBrokerError(refusal) && refusal.code).toBe('INPUT');
    expect((refusal as Error).message).toContain(
      'cannot price NIFTY12DEC5900CE: NIFTY12DEC5900CE: NSE calendar has no data for 2012',
    );
    expect(await broker.getOrders()).toEqual([]);
  });

  it('other instruments still trade on their own ticks only', async () => {
    const broker = paper();
    replay(broker, 0, 1);
    const { brokerOrderId } = await broker.placeOrder(order({ instrument: 'NIFTY12DECFUT' }));
    expect((await broker.getOrder(brokerOrderId)).status).toBe('OPEN');
    broker.onPrice('NIFTY12DECFUT', dec('5910'), fromIst('2012-12-03', '09:16'));
    expect((await broker.getOrder(brokerOrderId)).averagePrice.toString()).toBe('5910.05');
  });
});
