import { Decimal } from '@dalal/domain';

import {
  type BrokerAdapter,
  type BrokerCandle,
  type BrokerHolding,
  type BrokerInstrument,
  type BrokerMargins,
  type BrokerOrder,
  type BrokerOrderStatus,
  type BrokerOrderType,
  type BrokerPosition,
  type BrokerQuote,
  type BrokerTrade,
  type CandleInterval,
  type ModifyOrder,
  type PlaceOrder,
} from '../broker-adapter';
import { BrokerError } from '../broker-error';
import { decimalFromWire } from '../wire-decimal';
import {
  BinanceClient,
  type BinanceClientOptions,
  type BinanceParams,
  type BinanceUsage,
} from './binance-client';

export interface BinanceAdapterOptions extends BinanceClientOptions {
  /**
   * The symbols we trade. Binance keeps orders and trades per symbol, so the order and trade books are
   * read symbol by symbol; without this list only open orders are visible.
   */
  symbols?: readonly string[];
  /** The asset `getMargins` reports (default USDT). */
  quoteAsset?: string;
}

export interface BinanceBalance {
  asset: string;
  free: Decimal;
  locked: Decimal;
}

type BinanceOrder = {
  symbol: string;
  orderId: number;
  clientOrderId: string;
  price: string;
  origQty: string;
  executedQty: string;
  cummulativeQuoteQty: string;
  status: string;
  type: string;
  side: 'BUY' | 'SELL';
  stopPrice?: string;
  time?: number;
  transactTime?: number;
};

type BinanceTrade = {
  symbol: string;
  id: number;
  orderId: number;
  price: string;
  qty: string;
  time: number;
  isBuyer: boolean;
};

type BinanceFilter = { filterType: string; tickSize?: string; stepSize?: string };
type BinanceSymbolInfo = {
  symbol: string;
  status: string;
  baseAsset: string;
  quoteAsset: string;
  filters: BinanceFilter[];
};

/** Binance's order statuses in our state machine's terms. */
export function binanceStatus(status: string): BrokerOrderStatus {
  switch (status) {
    case 'PENDING_NEW':
      return 'PENDING_SUBMIT';
    case 'PARTIALLY_FILLED':
      return 'PARTIALLY_FILLED';
    case 'FILLED':
      return 'FILLED';
    case 'REJECTED':
      return 'REJECTED';
    // An IOC remainder or a self-trade-prevented order ends as EXPIRED*: for us it is cancelled.
    case 'CANCELED':
    case 'EXPIRED':
    case 'EXPIRED_IN_MATCH':
      return 'CANCELLED';
    default: // NEW, PENDING_CANCEL: still working
      return 'OPEN';
  }
}

const ORDER_TYPES: Record<BrokerOrderType, string> = {
  MARKET: 'MARKET',
  LIMIT: 'LIMIT',
  SL: 'STOP_LOSS_LIMIT',
  'SL-M': 'STOP_LOSS',
};

const INTERVALS: Record<CandleInterval, { code: string; ms: number }> = {
  minute: { code: '1m', ms: 60_000 },
  '3minute': { code: '3m', ms: 180_000 },
  '5minute': { code: '5m', ms: 300_000 },
  '15minute': { code: '15m', ms: 900_000 },
  '60minute': { code: '1h', ms: 3_600_000 },
  day: { code: '1d', ms: 86_400_000 },
};

/**
 * Our numeric instrument token for a Binance symbol (Binance has none): FNV-1a of the name, stable across
 * restarts and listings, so `getCandles(token)` can find the symbol again.
 */
export function binanceToken(symbol: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < symbol.length; i++) {
    hash ^= symbol.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * Binance needs the symbol with every order id, so our broker order id carries both: "BTCUSDT:4100001".
 * The execution service stores it as an opaque string.
 */
export function binanceOrderRef(symbol: string, orderId: number | string): string {
  return `${symbol}:${orderId}`;
}

function parseOrderRef(brokerOrderId: string): { symbol: string; orderId: string } {
  const match = /^([A-Z0-9]+):(\d+)$/.exec(brokerOrderId);
  if (!match) {
    throw new BrokerError('INPUT', 'binance', `order id ${brokerOrderId} is not SYMBOL:orderId`);
  }
  return { symbol: match[1]!, orderId: match[2]! };
}

/**
 * Binance spot (testnet by default) on a thin signed fetch client. Our `clientOrderId` is sent as
 * `newClientOrderId`; a resend of an order still open is refused with -2010 "Duplicate order sent."
 * (INPUT), and `findOrderByClientId` finds the original. Amounts arrive as strings and become Decimals.
 * Spot has no positions (holdings are balances) and no order modification.
 */
export class BinanceAdapter implements BrokerAdapter {
  readonly broker = 'binance';
  readonly client: BinanceClient;
  private readonly symbols: readonly string[];
  private readonly quoteAsset: string;
  private symbolsByToken?: Map<number, string>;

  constructor(options: BinanceAdapterOptions) {
    this.client = new BinanceClient(options);
    this.symbols = options.symbols ?? [];
    this.quoteAsset = options.quoteAsset ?? 'USDT';
  }

  get usage(): BinanceUsage {
    return this.client.usage;
  }

  syncTime(): Promise<number> {
    return this.client.syncTime();
  }

  async placeOrder(order: PlaceOrder): Promise<{ brokerOrderId: string }> {
    if (!/^[.A-Z:/a-z0-9_-]{1,36}$/.test(order.clientOrderId)) {
      throw new BrokerError(
        'INPUT',
        this.broker,
        `clientOrderId ${order.clientOrderId} is not a valid newClientOrderId (1-36 of [.A-Z:/a-z0-9_-])`,
      );
    }
    const type = ORDER_TYPES[order.orderType];
    const limitPriced = order.orderType === 'LIMIT' || order.orderType === 'SL';
    const params: BinanceParams = {
      symbol: order.instrument,
      side: order.side,
      type,
      timeInForce: limitPriced ? (order.validity === 'IOC' ? 'IOC' : 'GTC') : undefined,
      quantity: new Decimal(String(order.quantity)).toFixed(),
      price: limitPriced ? order.price?.toFixed() : undefined,
      stopPrice: order.orderType.startsWith('SL') ? order.triggerPrice?.toFixed() : undefined,
      newClientOrderId: order.clientOrderId,
      newOrderRespType: 'RESULT',
    };
    const placed = await this.client.request<BinanceOrder>({
      method: 'POST',
      path: '/api/v3/order',
      params,
      weight: 1,
      signed: true,
      order: true,
    });
    return { brokerOrderId: binanceOrderRef(placed.symbol, placed.orderId) };
  }

  /** Binance spot cannot amend price or type in place: the caller cancels and places a new order. */
  modifyOrder(brokerOrderId: string, _changes: ModifyOrder): Promise<void> {
    return Promise.reject(
      new BrokerError(
        'INPUT',
        this.broker,
        `order ${brokerOrderId}: Binance spot has no order modification; cancel and place a new order`,
      ),
    );
  }

  async cancelOrder(brokerOrderId: string): Promise<void> {
    const { symbol, orderId } = parseOrderRef(brokerOrderId);
    await this.client.request({
      method: 'DELETE',
      path: '/api/v3/order',
      params: { symbol, orderId },
      weight: 1,
      signed: true,
    });
  }

  async getOrder(brokerOrderId: string): Promise<BrokerOrder> {
    const { symbol, orderId } = parseOrderRef(brokerOrderId);
    return toOrder(await this.queryOrder({ symbol, orderId }));
  }

  /** The order we sent with this clientOrderId (the latest one), or undefined when Binance has none. */
  async findOrderByClientId(symbol: string, clientOrderId: string): Promise<BrokerOrder | undefined> {
    try {
      return toOrder(await this.queryOrder({ symbol, origClientOrderId: clientOrderId }));
    } catch (err) {
      if (err instanceof BrokerError && err.brokerType === '-2013') return undefined;
      throw err;
    }
  }

  /** Every order of the configured symbols (open ones only when none are configured). */
  async getOrders(): Promise<BrokerOrder[]> {
    if (this.symbols.length === 0) {
      const open = await this.client.request<BinanceOrder[]>({
        method: 'GET',
        path: '/api/v3/openOrders',
        weight: 80,
        signed: true,
      });
      return open.map(toOrder);
    }
    const books = [];
    for (const symbol of this.symbols) {
      books.push(
        await this.client.request<BinanceOrder[]>({
          method: 'GET',
          path: '/api/v3/allOrders',
          params: { symbol },
          weight: 20,
          signed: true,
        }),
      );
    }
    return books.flat().map(toOrder);
  }

  async getTrades(): Promise<BrokerTrade[]> {
    const trades: BrokerTrade[] = [];
    for (const symbol of this.symbols) {
      const rows = await this.client.request<BinanceTrade[]>({
        method: 'GET',
        path: '/api/v3/myTrades',
        params: { symbol },
        weight: 20,
        signed: true,
      });
      for (const t of rows) {
        trades.push({
          tradeId: String(t.id),
          brokerOrderId: binanceOrderRef(t.symbol, t.orderId),
          instrument: t.symbol,
          exchange: 'BINANCE',
          side: t.isBuyer ? 'BUY' : 'SELL',
          quantity: Number(t.qty),
          price: decimalFromWire(t.price),
          filledAt: new Date(t.time).toISOString(),
        });
      }
    }
    return trades;
  }

  /** Spot trading has no positions: what we own is in `getHoldings` (balances). */
  getPositions(): Promise<BrokerPosition[]> {
    return Promise.resolve([]);
  }

  async getBalances(): Promise<BinanceBalance[]> {
    const account = await this.client.request<{
      balances: Array<{ asset: string; free: string; locked: string }>;
    }>({
      method: 'GET',
      path: '/api/v3/account',
      params: { omitZeroBalances: 'true' },
      weight: 20,
      signed: true,
    });
    return account.balances.map((b) => ({
      asset: b.asset,
      free: decimalFromWire(b.free),
      locked: decimalFromWire(b.locked),
    }));
  }

  /** Non-zero balances; Binance's account reply carries no cost basis or price. */
  async getHoldings(): Promise<BrokerHolding[]> {
    return (await this.getBalances())
      .filter((b) => !b.free.plus(b.locked).isZero())
      .map((b) => ({
        instrument: b.asset,
        exchange: 'BINANCE',
        quantity: b.free.plus(b.locked).toNumber(),
        averagePrice: new Decimal(0),
        lastPrice: new Decimal(0),
      }));
  }

  async getMargins(): Promise<BrokerMargins> {
    const quote = (await this.getBalances()).find((b) => b.asset === this.quoteAsset);
    const free = quote?.free ?? new Decimal(0);
    const locked = quote?.locked ?? new Decimal(0);
    return { available: free, utilised: locked, net: free.plus(locked) };
  }

  async getQuotes(
    instruments: ReadonlyArray<{ exchange: string; instrument: string }>,
  ): Promise<BrokerQuote[]> {
    if (instruments.length === 0) return [];
    const prices = await this.client.request<Array<{ symbol: string; price: string }>>({
      method: 'GET',
      path: '/api/v3/ticker/price',
      params: { symbols: JSON.stringify(instruments.map((i) => i.instrument)) },
      weight: 4,
    });
    const bySymbol = new Map(prices.map((p) => [p.symbol, p.price]));
    return instruments.flatMap((i) => {
      const price = bySymbol.get(i.instrument);
      return price === undefined
        ? []
        : [{ instrument: i.instrument, exchange: i.exchange, lastPrice: decimalFromWire(price) }];
    });
  }

  /** Klines by our token (see `binanceToken`), paged 1000 at a time from `from` to `to`. */
  async getCandles(token: number, interval: CandleInterval, from: Date, to: Date): Promise<BrokerCandle[]> {
    const symbol = await this.symbolOf(token);
    const { code, ms } = INTERVALS[interval];
    const candles: BrokerCandle[] = [];
    let start = from.getTime();
    while (start <= to.getTime()) {
      const rows = await this.client.request<Array<[number, string, string, string, string, string]>>({
        method: 'GET',
        path: '/api/v3/klines',
        params: { symbol, interval: code, startTime: start, endTime: to.getTime(), limit: 1000 },
        weight: 2,
      });
      for (const [time, open, high, low, close, volume] of rows) {
        candles.push({
          time: new Date(time).toISOString(),
          open: decimalFromWire(open),
          high: decimalFromWire(high),
          low: decimalFromWire(low),
          close: decimalFromWire(close),
          // Base-asset volume is fractional; the interface counts whole units.
          volume: Number(volume),
        });
      }
      const last = rows[rows.length - 1];
      if (rows.length < 1000 || !last) break;
      start = last[0] + ms;
    }
    return candles;
  }

  /** exchangeInfo: tick size from PRICE_FILTER, quantity step (as `lotSize`) from LOT_SIZE. */
  async getInstruments(_exchange?: string): Promise<BrokerInstrument[]> {
    const info = await this.client.request<{ symbols: BinanceSymbolInfo[] }>({
      method: 'GET',
      path: '/api/v3/exchangeInfo',
      weight: 20,
    });
    const instruments = info.symbols
      .filter((s) => s.status === 'TRADING')
      .map((s) => {
        const filter = (type: string) => s.filters.find((f) => f.filterType === type);
        return {
          token: binanceToken(s.symbol),
          instrument: s.symbol,
          name: `${s.baseAsset}/${s.quoteAsset}`,
          exchange: 'BINANCE',
          segment: 'SPOT',
          instrumentType: 'SPOT',
          strike: new Decimal(0),
          tickSize: decimalFromWire(filter('PRICE_FILTER')?.tickSize),
          lotSize: decimalFromWire(filter('LOT_SIZE')?.stepSize).toNumber(),
        };
      });
    this.symbolsByToken = new Map(instruments.map((i) => [i.token, i.instrument]));
    return instruments;
  }

  private async symbolOf(token: number): Promise<string> {
    if (!this.symbolsByToken?.has(token)) await this.getInstruments();
    const symbol = this.symbolsByToken?.get(token);
    if (!symbol) throw new BrokerError('INPUT', this.broker, `no Binance symbol has token ${token}`);
    return symbol;
  }

  private queryOrder(params: BinanceParams): Promise<BinanceOrder> {
    return this.client.request<BinanceOrder>({
      method: 'GET',
      path: '/api/v3/order',
      params,
      weight: 4,
      signed: true,
    });
  }
}

function toOrder(o: BinanceOrder): BrokerOrder {
  const executed = decimalFromWire(o.executedQty);
  const price = decimalFromWire(o.price);
  const stop = decimalFromWire(o.stopPrice);
  const time = o.time ?? o.transactTime;
  return {
    brokerOrderId: binanceOrderRef(o.symbol, o.orderId),
    clientOrderId: o.clientOrderId,
    instrument: o.symbol,
    exchange: 'BINANCE',
    side: o.side,
    orderType: fromBinanceType(o.type),
    quantity: Number(o.origQty),
    filledQuantity: executed.toNumber(),
    price: price.isZero() ? undefined : price,
    triggerPrice: stop.isZero() ? undefined : stop,
    averagePrice: executed.isZero()
      ? new Decimal(0)
      : decimalFromWire(o.cummulativeQuoteQty).div(executed).toDecimalPlaces(8),
    status: binanceStatus(o.status),
    placedAt: time === undefined ? undefined : new Date(time).toISOString(),
  };
}

function fromBinanceType(type: string): BrokerOrderType {
  if (type === 'MARKET') return 'MARKET';
  if (type === 'STOP_LOSS' || type === 'TAKE_PROFIT') return 'SL-M';
  if (type === 'STOP_LOSS_LIMIT' || type === 'TAKE_PROFIT_LIMIT') return 'SL';
  return 'LIMIT';
}
