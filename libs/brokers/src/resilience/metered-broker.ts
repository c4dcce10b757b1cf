import { brokerRequests, brokerSessionValid, inSpan, orderLatency } from '@dalal/observability';

import {
  type BrokerAdapter,
  type CandleInterval,
  type ModifyOrder,
  type PlaceOrder,
} from '../broker-adapter';
import { isBrokerError } from '../broker-error';

/**
 * Counts every request to the wrapped broker by endpoint and outcome (`ok` or the BrokerError code), keeps
 * `broker_session_valid` current from what the broker says (any answer: valid; TOKEN_EXPIRED: not), and
 * times order placement as the submitted → acknowledged stage. Wrap the raw adapter, inside the resilience
 * layer, so each retry is one request as the broker saw it.
 */
export class MeteredBroker implements BrokerAdapter {
  readonly broker: string;

  constructor(private readonly inner: BrokerAdapter) {
    this.broker = inner.broker;
  }

  async placeOrder(order: PlaceOrder) {
    const started = performance.now();
    const placed = await inSpan(
      `${this.broker} placeOrder`,
      () => this.call('placeOrder', () => this.inner.placeOrder(order)),
      { kind: 'client', attributes: { 'dalal.client_order_id': order.clientOrderId } },
    );
    orderLatency.observe({ stage: 'submitted_to_acknowledged' }, (performance.now() - started) / 1000);
    return placed;
  }
  modifyOrder(id: string, changes: ModifyOrder) {
    return this.call('modifyOrder', () => this.inner.modifyOrder(id, changes));
  }
  cancelOrder(id: string) {
    return this.call('cancelOrder', () => this.inner.cancelOrder(id));
  }
  getOrder(id: string) {
    return this.call('getOrder', () => this.inner.getOrder(id));
  }
  getOrders() {
    return this.call('getOrders', () => this.inner.getOrders());
  }
  getTrades() {
    return this.call('getTrades', () => this.inner.getTrades());
  }
  getPositions() {
    return this.call('getPositions', () => this.inner.getPositions());
  }
  getHoldings() {
    return this.call('getHoldings', () => this.inner.getHoldings());
  }
  getMargins() {
    return this.call('getMargins', () => this.inner.getMargins());
  }
  getQuotes(instruments: ReadonlyArray<{ exchange: string; instrument: string }>) {
    return this.call('getQuotes', () => this.inner.getQuotes(instruments));
  }
  getCandles(token: number, interval: CandleInterval, from: Date, to: Date) {
    return this.call('getCandles', () => this.inner.getCandles(token, interval, from, to));
  }
  getInstruments(exchange?: string) {
    return this.call('getInstruments', () => this.inner.getInstruments(exchange));
  }

  private async call<T>(endpoint: string, request: () => Promise<T>): Promise<T> {
    const broker = this.broker;
    try {
      const result = await request();
      brokerRequests.inc({ broker, endpoint, outcome: 'ok' });
      brokerSessionValid.set({ broker }, 1);
      return result;
    } catch (err) {
      // Only BrokerError codes (a closed union) become label values; anything else is "unclassified".
      const outcome = isBrokerError(err) ? err.code : 'unclassified';
      brokerRequests.inc({ broker, endpoint, outcome });
      if (outcome === 'TOKEN_EXPIRED') brokerSessionValid.set({ broker }, 0);
      else if (isBrokerError(err) && err.code !== 'NETWORK') brokerSessionValid.set({ broker }, 1);
      throw err;
    }
  }
}
