import { type BrokerAdapter } from '@dalal/brokers';

/**
 * A broker that answers every call `delayMs` late (a slow exchange gateway, a congested link): the call
 * is made at once and its answer held back, so the broker has the order while the caller still waits —
 * the window in which a kill switch arrives.
 */
export function slowBroker(inner: BrokerAdapter, delayMs: number): BrokerAdapter {
  const later = <T>(result: Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      result.then(
        (value) => setTimeout(() => resolve(value), delayMs),
        (err: unknown) => setTimeout(() => reject(err), delayMs),
      );
    });
  return {
    broker: inner.broker,
    placeOrder: (order) => later(inner.placeOrder(order)),
    modifyOrder: (id, changes) => later(inner.modifyOrder(id, changes)),
    cancelOrder: (id) => later(inner.cancelOrder(id)),
    getOrder: (id) => later(inner.getOrder(id)),
    getOrders: () => later(inner.getOrders()),
    getTrades: () => later(inner.getTrades()),
    getPositions: () => later(inner.getPositions()),
    getHoldings: () => later(inner.getHoldings()),
    getMargins: () => later(inner.getMargins()),
    getQuotes: (instruments) => later(inner.getQuotes(instruments)),
    getCandles: (token, interval, from, to) => later(inner.getCandles(token, interval, from, to)),
    getInstruments: (exchange) => later(inner.getInstruments(exchange)),
  };
}
