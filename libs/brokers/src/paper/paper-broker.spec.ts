import { dec } from '@dalal/domain';

import { type PlaceOrder } from '../broker-adapter';
import { PaperBroker } from './paper-broker';

const SYMBOL = 'NIFTY26D0825000CE';
const buy = (overrides: Partial<PlaceOrder> = {}): PlaceOrder => ({
  clientOrderId: 'C1',
  instrument: SYMBOL,
  exchange: 'NFO',
  side: 'BUY',
  quantity: 130,
  orderType: 'MARKET',
  product: 'MIS',
  validity: 'DAY',
  ...overrides,
});

function paper(options: Partial<ConstructorParameters<typeof PaperBroker>[0]> = {}) {
  return new PaperBroker({
    slippage: 0.1,
    tickSize: 0.05,
    now: () => new Date('2026-12-02T04:00:00Z'),
    ...options,
  });
}

describe('paper broker', () => {
  it('fills a market buy at the last price plus slippage, on the tick grid', async () => {
    const broker = paper();
    broker.onPrice(SYMBOL, dec('100.02'));
    const { brokerOrderId } = await broker.placeOrder(buy());
    const order = await broker.getOrder(brokerOrderId);
    expect(order).toMatchObject({ status: 'FILLED', filledQuantity: 130, clientOrderId: 'C1' });
    expect(order.averagePrice.toString()).toBe('100.1');
    const [trade] = await broker.getTrades();
    expect(trade!.price.toString()).toBe('100.1');
  });

  it('works a limit buy until the price comes down to it', async () => {
    const broker = paper();
    broker.onPrice(SYMBOL, dec('101'));
    const { brokerOrderId } = await broker.placeOrder(buy({ orderType: 'LIMIT', price: dec('100.50') }));
    expect((await broker.getOrder(brokerOrderId)).status).toBe('OPEN');
    broker.onPrice(SYMBOL, dec('100.8'));
    expect((await broker.getOrder(brokerOrderId)).status).toBe('OPEN');
    broker.onPrice(SYMBOL, dec('100.4'));
    const filled = await broker.getOrder(brokerOrderId);
    expect(filled.status).toBe('FILLED');
    expect(filled.averagePrice.toString()).toBe('100.4');
  });

  it('triggers a stop-loss sell when the price falls through the trigger', async () => {
    const broker = paper();
    broker.onPrice(SYMBOL, dec('120'));
    const { brokerOrderId } = await broker.placeOrder(
      buy({ side: 'SELL', orderType: 'SL-M', triggerPrice: dec('110') }),
    );
    broker.onPrice(SYMBOL, dec('111'));
    expect((await broker.getOrder(brokerOrderId)).status).toBe('OPEN');
    broker.onPrice(SYMBOL, dec('109.5'));
    expect((await broker.getOrder(brokerOrderId)).averagePrice.toString()).toBe('109.4');
  });

  it('fills in parts when liquidity per update is capped', async () => {
    const broker = paper({ liquidityPerUpdate: 65 });
    broker.onPrice(SYMBOL, dec('100'));
    const { brokerOrderId } = await broker.placeOrder(buy({ quantity: 195 }));
    expect(await broker.getOrder(brokerOrderId)).toMatchObject({
      status: 'PARTIALLY_FILLED',
      filledQuantity: 65,
    });
    broker.onPrice(SYMBOL, dec('100.5'));
    broker.onPrice(SYMBOL, dec('101'));
    const done = await broker.getOrder(brokerOrderId);
    expect(done).toMatchObject({ status: 'FILLED', filledQuantity: 195 });
    expect(done.averagePrice.toString()).toBe('100.6');
  });

  it('rejects an order above the freeze limit and a limit price outside the circuit band', async () => {
    const broker = paper({ freezeOf: () => 1800, circuitOf: () => ({ lower: 50, upper: 150 }) });
    await expect(broker.placeOrder(buy({ quantity: 1950 }))).rejects.toMatchObject({
      code: 'ORDER_REJECTED',
    });
    await expect(broker.placeOrder(buy({ orderType: 'LIMIT', price: dec('151') }))).rejects.toMatchObject({
      code: 'ORDER_REJECTED',
    });
    expect(await broker.getOrders()).toEqual([]);
  });

  it('cancels a working order and refuses to cancel it twice', async () => {
    const broker = paper();
    const { brokerOrderId } = await broker.placeOrder(buy({ orderType: 'LIMIT', price: dec('90') }));
    await broker.cancelOrder(brokerOrderId);
    broker.onPrice(SYMBOL, dec('80'));
    expect(await broker.getOrder(brokerOrderId)).toMatchObject({ status: 'CANCELLED', filledQuantity: 0 });
    await expect(broker.cancelOrder(brokerOrderId)).rejects.toMatchObject({ code: 'ORDER_REJECTED' });
  });

  it('nets positions and realizes P&L on a round trip', async () => {
    const broker = paper({ slippage: 0 });
    broker.onPrice(SYMBOL, dec('100'));
    await broker.placeOrder(buy());
    broker.onPrice(SYMBOL, dec('104'));
    expect((await broker.getPositions())[0]).toMatchObject({ netQuantity: 130 });
    await broker.placeOrder(buy({ clientOrderId: 'C2', side: 'SELL' }));
    const [flat] = await broker.getPositions();
    expect(flat!.netQuantity).toBe(0);
    expect(flat!.realized.toString()).toBe('520');
  });
});
