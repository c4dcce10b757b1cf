import { KiteConnect } from 'kiteconnect';

import { registerSecretValue } from '@dalal/observability';

import {
  type BrokerAdapter,
  type BrokerCandle,
  type BrokerHolding,
  type BrokerInstrument,
  type BrokerMargins,
  type BrokerOrder,
  type BrokerOrderStatus,
  type BrokerPosition,
  type BrokerQuote,
  type BrokerTrade,
  type CandleInterval,
  type ModifyOrder,
  type PlaceOrder,
} from '../broker-adapter';
import { BrokerError } from '../broker-error';
import { decimalFromWire, decimalToWire } from '../wire-decimal';
import { classifyKiteError } from './kite-errors';
import { kiteTimeToUtcIso } from './kite-time';

export interface KiteAdapterOptions {
  apiKey: string;
  accessToken: string;
  /** API root; the fake server's URL in tests. */
  root?: string;
  timeoutMs?: number;
  /** Called once when Kite says the session is gone, so the service can block and alert. */
  onTokenExpired?: () => void;
}

/** Kite's transient statuses: the order is with Zerodha but not yet at the exchange. */
const SUBMITTING = new Set([
  'PUT ORDER REQ RECEIVED',
  'VALIDATION PENDING',
  'OPEN PENDING',
  'AMO REQ RECEIVED',
]);

export function kiteStatus(status: string, filledQuantity: number): BrokerOrderStatus {
  if (status === 'COMPLETE') return 'FILLED';
  if (status === 'CANCELLED') return 'CANCELLED';
  if (status === 'REJECTED') return 'REJECTED';
  if (SUBMITTING.has(status)) return 'PENDING_SUBMIT';
  return filledQuantity > 0 ? 'PARTIALLY_FILLED' : 'OPEN';
}

type KiteOrder = {
  order_id: string;
  status: string;
  status_message?: string | null;
  tag?: string | null;
  tradingsymbol: string;
  exchange: string;
  transaction_type: 'BUY' | 'SELL';
  order_type: PlaceOrder['orderType'];
  quantity: number;
  filled_quantity: number;
  price: number;
  trigger_price: number;
  average_price: number;
  order_timestamp?: Date | string | null;
};

/** Kite Connect v3 through the official `kiteconnect` client; every failure becomes a BrokerError. */
export class KiteAdapter implements BrokerAdapter {
  readonly broker = 'kite';
  private readonly kite: InstanceType<typeof KiteConnect>;

  constructor(options: KiteAdapterOptions) {
    registerSecretValue(options.accessToken); // kept out of logs and error bodies by value
    this.kite = new KiteConnect({
      api_key: options.apiKey,
      access_token: options.accessToken,
      root: options.root,
      timeout: options.timeoutMs ?? 7000,
    });
    if (options.onTokenExpired) this.kite.setSessionExpiryHook(options.onTokenExpired);
  }

  async placeOrder(order: PlaceOrder): Promise<{ brokerOrderId: string }> {
    if (order.clientOrderId.length > 20) {
      throw new BrokerError(
        'INPUT',
        this.broker,
        `clientOrderId ${order.clientOrderId} is longer than Kite's 20-character tag`,
      );
    }
    const { order_id } = await this.call(() =>
      this.kite.placeOrder('regular', {
        tradingsymbol: order.instrument,
        exchange: order.exchange as 'NSE',
        transaction_type: order.side,
        order_type: order.orderType,
        quantity: order.quantity,
        product: order.product,
        validity: order.validity,
        price: order.price && decimalToWire(order.price),
        trigger_price: order.triggerPrice && decimalToWire(order.triggerPrice),
        tag: order.clientOrderId,
      }),
    );
    return { brokerOrderId: String(order_id) };
  }

  async modifyOrder(brokerOrderId: string, changes: ModifyOrder): Promise<void> {
    await this.call(() =>
      this.kite.modifyOrder('regular', brokerOrderId, {
        quantity: changes.quantity,
        price: changes.price && decimalToWire(changes.price),
        trigger_price: changes.triggerPrice && decimalToWire(changes.triggerPrice),
        order_type: changes.orderType,
      }),
    );
  }

  async cancelOrder(brokerOrderId: string): Promise<void> {
    await this.call(() => this.kite.cancelOrder('regular', brokerOrderId));
  }

  /** The latest state in the order's history. */
  async getOrder(brokerOrderId: string): Promise<BrokerOrder> {
    const history = (await this.call(() =>
      this.kite.getOrderHistory(brokerOrderId),
    )) as unknown as KiteOrder[];
    const latest = history[history.length - 1];
    if (!latest) throw new BrokerError('BROKER', this.broker, `order ${brokerOrderId} has no history`);
    return toOrder(latest);
  }

  async getOrders(): Promise<BrokerOrder[]> {
    const orders = (await this.call(() => this.kite.getOrders())) as unknown as KiteOrder[];
    return orders.map(toOrder);
  }

  async getTrades(): Promise<BrokerTrade[]> {
    const trades = await this.call(() => this.kite.getTrades());
    return trades.map((t) => ({
      tradeId: String(t.trade_id),
      brokerOrderId: String(t.order_id),
      instrument: t.tradingsymbol,
      exchange: t.exchange,
      side: t.transaction_type as 'BUY' | 'SELL',
      quantity: t.quantity,
      price: decimalFromWire(t.average_price),
      filledAt: kiteTimeToUtcIso(t.fill_timestamp as unknown as Date | string) ?? '',
    }));
  }

  async getPositions(): Promise<BrokerPosition[]> {
    const { net } = await this.call(() => this.kite.getPositions());
    return net.map((p) => ({
      instrument: p.tradingsymbol,
      exchange: p.exchange,
      product: p.product,
      netQuantity: p.quantity,
      averagePrice: decimalFromWire(p.average_price),
      lastPrice: decimalFromWire(p.last_price),
      realized: decimalFromWire(p.realised),
      unrealized: decimalFromWire(p.unrealised),
    }));
  }

  async getHoldings(): Promise<BrokerHolding[]> {
    const holdings = await this.call(() => this.kite.getHoldings());
    return holdings.map((h) => ({
      instrument: h.tradingsymbol,
      exchange: h.exchange,
      quantity: h.quantity,
      averagePrice: decimalFromWire(h.average_price),
      lastPrice: decimalFromWire(h.last_price),
    }));
  }

  async getMargins(): Promise<BrokerMargins> {
    const margins = (await this.call(() => this.kite.getMargins())) as unknown as {
      equity: { net: number; available: { live_balance: number }; utilised: { debits: number } };
    };
    return {
      available: decimalFromWire(margins.equity.available.live_balance),
      utilised: decimalFromWire(margins.equity.utilised.debits),
      net: decimalFromWire(margins.equity.net),
    };
  }

  async getQuotes(
    instruments: ReadonlyArray<{ exchange: string; instrument: string }>,
  ): Promise<BrokerQuote[]> {
    const keys = instruments.map((i) => `${i.exchange}:${i.instrument}`);
    const ltp = await this.call(() => this.kite.getLTP(keys));
    return instruments.flatMap((i, n) => {
      const quote = ltp[keys[n]!];
      return quote
        ? [{ instrument: i.instrument, exchange: i.exchange, lastPrice: decimalFromWire(quote.last_price) }]
        : [];
    });
  }

  async getCandles(token: number, interval: CandleInterval, from: Date, to: Date): Promise<BrokerCandle[]> {
    const candles = await this.call(() =>
      this.kite.getHistoricalData(token, interval, from, to, false, true),
    );
    return candles.map((c) => ({
      time: (c.date instanceof Date ? c.date : new Date(c.date)).toISOString(),
      open: decimalFromWire(c.open),
      high: decimalFromWire(c.high),
      low: decimalFromWire(c.low),
      close: decimalFromWire(c.close),
      volume: c.volume,
      openInterest: (c as { oi?: number }).oi,
    }));
  }

  async getInstruments(exchange?: string): Promise<BrokerInstrument[]> {
    const rows = await this.call(() => this.kite.getInstruments(exchange as 'NSE' | undefined));
    return rows.map((r) => ({
      token: Number(r.instrument_token),
      instrument: r.tradingsymbol,
      name: r.name,
      exchange: r.exchange,
      segment: r.segment,
      instrumentType: r.instrument_type,
      expiry: r.expiry instanceof Date ? isoDateOf(r.expiry) : undefined,
      strike: decimalFromWire(r.strike),
      tickSize: decimalFromWire(r.tick_size),
      lotSize: r.lot_size,
    }));
  }

  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (err) {
      throw classifyKiteError(err);
    }
  }
}

function toOrder(o: KiteOrder): BrokerOrder {
  return {
    brokerOrderId: String(o.order_id),
    clientOrderId: o.tag ?? undefined,
    instrument: o.tradingsymbol,
    exchange: o.exchange,
    side: o.transaction_type,
    orderType: o.order_type,
    quantity: o.quantity,
    filledQuantity: o.filled_quantity,
    price: o.price ? decimalFromWire(o.price) : undefined,
    triggerPrice: o.trigger_price ? decimalFromWire(o.trigger_price) : undefined,
    averagePrice: decimalFromWire(o.average_price),
    status: kiteStatus(o.status, o.filled_quantity),
    statusMessage: o.status_message ?? undefined,
    placedAt: kiteTimeToUtcIso(o.order_timestamp),
  };
}

/** kiteconnect parses the dump's "2018-01-25" as a local-midnight Date; read the local fields back. */
function isoDateOf(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
