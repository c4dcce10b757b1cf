import { brokerRequests, brokerSessionValid, orderLatency } from '@dalal/observability';

import { BrokerError } from '../broker-error';
import { PaperBroker } from '../paper/paper-broker';
import { MeteredBroker } from './metered-broker';

const value = async (
  metric: typeof brokerRequests | typeof brokerSessionValid,
  labels: Record<string, string>,
) =>
  (await metric.get()).values.find((v) =>
    Object.entries(labels).every(([k, l]) => (v.labels as Record<string, unknown>)[k] === l),
  )?.value;

describe('a metered broker', () => {
  it('counts a placed order as ok, marks the session valid and times the acknowledgement', async () => {
    const paper = new PaperBroker({
      slippage: 0,
      tickSize: 0.05,
      now: () => new Date('2026-12-02T04:00:00Z'),
    });
    Object.defineProperty(paper, 'broker', { value: 'metered-paper' });
    const broker = new MeteredBroker(paper);
    const before =
      (await orderLatency.get()).values.find(
        (v) =>
          v.metricName === 'order_latency_seconds_count' && v.labels.stage === 'submitted_to_acknowledged',
      )?.value ?? 0;
    await broker.placeOrder({
      clientOrderId: 'metered-1',
      exchange: 'NFO',
      instrument: 'NIFTY26D0825000CE',
      side: 'BUY',
      quantity: 65,
      orderType: 'MARKET',
      product: 'NRML',
      validity: 'DAY',
    });
    expect(
      await value(brokerRequests, { broker: 'metered-paper', endpoint: 'placeOrder', outcome: 'ok' }),
    ).toBe(1);
    expect(await value(brokerSessionValid, { broker: 'metered-paper' })).toBe(1);
    const after = (await orderLatency.get()).values.find(
      (v) => v.metricName === 'order_latency_seconds_count' && v.labels.stage === 'submitted_to_acknowledged',
    )?.value;
    expect(after).toBe(before + 1);
  });

  it('counts a refused request by its error code and marks the session invalid on TOKEN_EXPIRED', async () => {
    const expired = new BrokerError('TOKEN_EXPIRED', 'metered-kite', 'TokenException: session expired');
    const inner = new PaperBroker({ slippage: 0, tickSize: 0.05, now: () => new Date() });
    Object.defineProperty(inner, 'broker', { value: 'metered-kite' });
    inner.getPositions = () => Promise.reject(expired);
    const broker = new MeteredBroker(inner);
    await expect(broker.getPositions()).rejects.toBe(expired);
    expect(
      await value(brokerRequests, {
        broker: 'metered-kite',
        endpoint: 'getPositions',
        outcome: 'TOKEN_EXPIRED',
      }),
    ).toBe(1);
    expect(await value(brokerSessionValid, { broker: 'metered-kite' })).toBe(0);
  });
});
