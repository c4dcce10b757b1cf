import { registerSecretValue } from '@dalal/observability';

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
  type BrokerProduct,
  type BrokerQuote,
  type BrokerTrade,
  type CandleInterval,
  type ModifyOrder,
  type PlaceOrder,
} from '../broker-adapter';
import { BrokerError } from '../broker-error';
import { decimalFromWire } from '../wire-decimal';
import { SmartApiClient, type SmartApiClientOptions } from './smartapi-client';
import { smartApiTotp } from './smartapi-totp';

/** Angel orders carry its `symboltoken`; the caller knows the instrument master, so it resolves them. */
export interface SmartApiSymbolResolver {
  /** Angel's token for a tradingsymbol, e.g. ("NFO", "NIFTY30DEC2525000CE") → "35003". */
  symbolToken(exchange: string, tradingsymbol: string): string | undefined;
  /** The exchange an Angel token trades on (candles are asked for by exchange and token). */
  exchangeOf(token: number): string | undefined;
}

export interface SmartApiAdapterOptions extends SmartApiClientOptions {
  clientCode: string;
  symbols: SmartApiSymbolResolver;
  /** Tokens from an earlier login, to resume a session without logging in again. */
  session?: Pick<SmartApiSession, 'jwtToken' | 'refreshToken'>;
  /** Angel's instrument master (a JSON file outside the API); the fake server serves one in tests. */
  scripMasterUrl?: string;
}

export interface SmartApiSession {
  jwtToken: string;
  refreshToken: string;
  feedToken: string;
}

export const SMARTAPI_SCRIP_MASTER =
  'https://margincalculator.angelbroking.com/OpenAPI_File/files/OpenAPIScripMaster.json';

const ORDER_TYPES: Record<BrokerOrderType, { ordertype: string; variety: string }> = {
  MARKET: { ordertype: 'MARKET', variety: 'NORMAL' },
  LIMIT: { ordertype: 'LIMIT', variety: 'NORMAL' },
  SL: { ordertype: 'STOPLOSS_LIMIT', variety: 'STOPLOSS' },
  'SL-M': { ordertype: 'STOPLOSS_MARKET', variety: 'STOPLOSS' },
};

const PRODUCTS: Record<BrokerProduct, string> = { MIS: 'INTRADAY', NRML: 'CARRYFORWARD', CNC: 'DELIVERY' };

const FROM_PRODUCT: Record<string, BrokerProduct> = {
  INTRADAY: 'MIS',
  CARRYFORWARD: 'NRML',
  MARGIN: 'NRML',
  DELIVERY: 'CNC',
  BO: 'MIS',
};

const INTERVALS: Record<CandleInterval, string> = {
  minute: 'ONE_MINUTE',
  '3minute': 'THREE_MINUTE',
  '5minute': 'FIVE_MINUTE',
  '15minute': 'FIFTEEN_MINUTE',
  '60minute': 'ONE_HOUR',
  day: 'ONE_DAY',
};

/** Angel's transient statuses: the order is with Angel but not yet working at the exchange. */
const SUBMITTING = new Set([
  'put order req received',
  'validation pending',
  'open pending',
  'after market order req received',
]);

export function smartApiStatus(status: string, filledQuantity: number): BrokerOrderStatus {
  const s = status.toLowerCase();
  if (s === 'complete') return 'FILLED';
  if (s === 'cancelled') return 'CANCELLED';
  if (s === 'rejected') return 'REJECTED';
  if (SUBMITTING.has(s)) return 'PENDING_SUBMIT';
  return filledQuantity > 0 ? 'PARTIALLY_FILLED' : 'OPEN';
}

export function smartApiOrderType(ordertype: string): BrokerOrderType {
  if (ordertype === 'STOPLOSS_LIMIT') return 'SL';
  if (ordertype === 'STOPLOSS_MARKET') return 'SL-M';
  return ordertype === 'MARKET' ? 'MARKET' : 'LIMIT';
}

type Wire = string | number | null | undefined;

type AngelOrder = {
  variety: string;
  ordertype: string;
  producttype: string;
  duration: string;
  price: Wire;
  triggerprice: Wire;
  quantity: Wire;
  tradingsymbol: string;
  symboltoken: string | null;
  transactiontype: 'BUY' | 'SELL';
  exchange: string;
  ordertag?: string | null;
  averageprice: Wire;
  filledshares: Wire;
  orderid: string;
  text?: string | null;
  status: string;
  orderstatus?: string;
  updatetime?: string | null;
};

type AngelTrade = {
  exchange: string;
  tradingsymbol: string;
  transactiontype: 'BUY' | 'SELL';
  fillprice: Wire;
  fillsize: Wire;
  orderid: string;
  fillid: string;
  filltime: string;
};

type AngelPosition = {
  exchange: string;
  tradingsymbol: string;
  producttype: string;
  netqty: Wire;
  avgnetprice?: Wire;
  netprice?: Wire;
  ltp: Wire;
  realised: Wire;
  unrealised: Wire;
};

type AngelHolding = {
  tradingsymbol: string;
  exchange: string;
  quantity: Wire;
  averageprice: Wire;
  ltp: Wire;
};

type AngelScrip = {
  token: string;
  symbol: string;
  name: string;
  expiry: string;
  strike: string;
  lotsize: string;
  instrumenttype: string;
  exch_seg: string;
  tick_size: string;
};

const AUTH = '/rest/auth/angelbroking';
const SECURE = '/rest/secure/angelbroking';
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const IST_MS = 330 * 60_000;

/**
 * Angel One SmartAPI on a thin fetch client (see `SmartApiClient` for why not `smartapi-javascript`).
 * Login is client code + PIN + TOTP; our `clientOrderId` travels as `ordertag` (at most 20 characters).
 */
export class SmartApiAdapter implements BrokerAdapter {
  readonly broker = 'smartapi';
  private readonly client: SmartApiClient;
  private refreshToken?: string;
  private feedToken?: string;
  /** Orders we placed, by Angel order id: modification re-sends every field. */
  private readonly sent = new Map<string, Record<string, string>>();

  constructor(private readonly options: SmartApiAdapterOptions) {
    this.client = new SmartApiClient(options);
    this.client.jwtToken = options.session?.jwtToken;
    registerSecretValue(options.session?.jwtToken);
    registerSecretValue(options.session?.refreshToken);
    this.refreshToken = options.session?.refreshToken;
  }

  get session(): SmartApiSession | undefined {
    const jwtToken = this.client.jwtToken;
    return jwtToken && this.refreshToken
      ? { jwtToken, refreshToken: this.refreshToken, feedToken: this.feedToken ?? '' }
      : undefined;
  }

  /** loginByPassword with the PIN and a fresh TOTP; a refusal is TOKEN_EXPIRED (no session). */
  async login(credentials: { pin: string; totpSecret: string; at?: Date }): Promise<SmartApiSession> {
    registerSecretValue(credentials.pin);
    registerSecretValue(credentials.totpSecret);
    this.client.jwtToken = undefined;
    const data = await this.client.request<SmartApiSession>('POST', `${AUTH}/user/v1/loginByPassword`, {
      clientcode: this.options.clientCode,
      password: credentials.pin,
      totp: smartApiTotp(credentials.totpSecret, credentials.at),
    });
    return this.keep(data);
  }

  /** generateTokens: a new JWT from the refresh token, without the PIN and TOTP. */
  async refreshSession(): Promise<SmartApiSession> {
    if (!this.refreshToken) throw new BrokerError('TOKEN_EXPIRED', this.broker, 'no refresh token: log in');
    const data = await this.client.request<SmartApiSession>('POST', `${AUTH}/jwt/v1/generateTokens`, {
      refreshToken: this.refreshToken,
    });
    return this.keep(data);
  }

  async logout(): Promise<void> {
    await this.client.request('POST', `${SECURE}/user/v1/logout`, { clientcode: this.options.clientCode });
    this.client.jwtToken = undefined;
    this.refreshToken = undefined;
  }

  async placeOrder(order: PlaceOrder): Promise<{ brokerOrderId: string }> {
    if (order.clientOrderId.length > 20) {
      throw new BrokerError(
        'INPUT',
        this.broker,
        `clientOrderId ${order.clientOrderId} is longer than Angel's 20-character ordertag`,
      );
    }
    const symboltoken = this.options.symbols.symbolToken(order.exchange, order.instrument);
    if (!symboltoken) {
      throw new BrokerError('INPUT', this.broker, `no symboltoken for ${order.exchange}:${order.instrument}`);
    }
    const { ordertype, variety } = ORDER_TYPES[order.orderType];
    const params: Record<string, string> = {
      variety,
      tradingsymbol: order.instrument,
      symboltoken,
      transactiontype: order.side,
      exchange: order.exchange,
      ordertype,
      producttype: PRODUCTS[order.product],
      duration: order.validity,
      price: order.price?.toFixed() ?? '0',
      triggerprice: order.triggerPrice?.toFixed() ?? '0',
      squareoff: '0',
      stoploss: '0',
      quantity: String(order.quantity),
      ordertag: order.clientOrderId,
    };
    const data = await this.client.request<{ orderid: string; uniqueorderid?: string }>(
      'POST',
      `${SECURE}/order/v1/placeOrder`,
      params,
    );
    this.sent.set(data.orderid, params);
    return { brokerOrderId: data.orderid };
  }

  async modifyOrder(brokerOrderId: string, changes: ModifyOrder): Promise<void> {
    const base = this.sent.get(brokerOrderId) ?? fromBook(await this.angelOrder(brokerOrderId));
    const type = changes.orderType ? ORDER_TYPES[changes.orderType] : undefined;
    const params: Record<string, string> = {
      ...base,
      orderid: brokerOrderId,
      variety: type?.variety ?? base['variety']!,
      ordertype: type?.ordertype ?? base['ordertype']!,
      quantity: changes.quantity !== undefined ? String(changes.quantity) : base['quantity']!,
      price: changes.price?.toFixed() ?? base['price']!,
      triggerprice: changes.triggerPrice?.toFixed() ?? base['triggerprice']!,
    };
    delete params['ordertag'];
    await this.client.request('POST', `${SECURE}/order/v1/modifyOrder`, params);
    this.sent.set(brokerOrderId, { ...params, ordertag: base['ordertag'] ?? '' });
  }

  async cancelOrder(brokerOrderId: string): Promise<void> {
    const variety =
      this.sent.get(brokerOrderId)?.['variety'] ?? (await this.angelOrder(brokerOrderId)).variety;
    await this.client.request('POST', `${SECURE}/order/v1/cancelOrder`, { variety, orderid: brokerOrderId });
  }

  async getOrder(brokerOrderId: string): Promise<BrokerOrder> {
    return toOrder(await this.angelOrder(brokerOrderId));
  }

  async getOrders(): Promise<BrokerOrder[]> {
    return (await this.orderBook()).map(toOrder);
  }

  async getTrades(): Promise<BrokerTrade[]> {
    // Angel answers an empty book with `data: null`.
    const trades =
      (await this.client.request<AngelTrade[] | null>('GET', `${SECURE}/order/v1/getTradeBook`)) ?? [];
    return trades.map((t) => ({
      tradeId: t.fillid,
      brokerOrderId: t.orderid,
      instrument: t.tradingsymbol,
      exchange: t.exchange,
      side: t.transactiontype,
      quantity: Number(t.fillsize),
      price: decimalFromWire(t.fillprice),
      filledAt: istClockToUtcIso(t.filltime),
    }));
  }

  async getPositions(): Promise<BrokerPosition[]> {
    const rows =
      (await this.client.request<AngelPosition[] | null>('GET', `${SECURE}/order/v1/getPosition`)) ?? [];
    return rows.map((p) => ({
      instrument: p.tradingsymbol,
      exchange: p.exchange,
      product: FROM_PRODUCT[p.producttype] ?? p.producttype,
      netQuantity: Number(p.netqty),
      averagePrice: decimalFromWire(p.avgnetprice ?? p.netprice),
      lastPrice: decimalFromWire(p.ltp),
      realized: decimalFromWire(p.realised),
      unrealized: decimalFromWire(p.unrealised),
    }));
  }

  async getHoldings(): Promise<BrokerHolding[]> {
    const rows =
      (await this.client.request<AngelHolding[] | null>('GET', `${SECURE}/portfolio/v1/getHolding`)) ?? [];
    return rows.map((h) => ({
      instrument: h.tradingsymbol,
      exchange: h.exchange,
      quantity: Number(h.quantity),
      averagePrice: decimalFromWire(h.averageprice),
      lastPrice: decimalFromWire(h.ltp),
    }));
  }

  async getMargins(): Promise<BrokerMargins> {
    const rms = await this.client.request<Record<string, Wire>>('GET', `${SECURE}/user/v1/getRMS`);
    return {
      available: decimalFromWire(rms['availablecash']),
      utilised: decimalFromWire(rms['utiliseddebits']),
      net: decimalFromWire(rms['net']),
    };
  }

  /** market/v1/quote in LTP mode: one call for every instrument, grouped by exchange. */
  async getQuotes(
    instruments: ReadonlyArray<{ exchange: string; instrument: string }>,
  ): Promise<BrokerQuote[]> {
    const exchangeTokens: Record<string, string[]> = {};
    const keyOf = new Map<string, { exchange: string; instrument: string }>();
    for (const i of instruments) {
      const token = this.options.symbols.symbolToken(i.exchange, i.instrument);
      if (!token) continue;
      (exchangeTokens[i.exchange] ??= []).push(token);
      keyOf.set(`${i.exchange}:${token}`, i);
    }
    if (keyOf.size === 0) return [];
    const data = await this.client.request<{
      fetched: Array<{ exchange: string; symbolToken: string; ltp: Wire }>;
    }>('POST', `${SECURE}/market/v1/quote`, { mode: 'LTP', exchangeTokens });
    return data.fetched.flatMap((q) => {
      const i = keyOf.get(`${q.exchange}:${q.symbolToken}`);
      return i ? [{ instrument: i.instrument, exchange: i.exchange, lastPrice: decimalFromWire(q.ltp) }] : [];
    });
  }

  async getCandles(token: number, interval: CandleInterval, from: Date, to: Date): Promise<BrokerCandle[]> {
    const exchange = this.options.symbols.exchangeOf(token);
    if (!exchange) throw new BrokerError('INPUT', this.broker, `no exchange known for token ${token}`);
    const rows =
      (await this.client.request<Array<[string, Wire, Wire, Wire, Wire, Wire]> | null>(
        'POST',
        `${SECURE}/historical/v1/getCandleData`,
        {
          exchange,
          symboltoken: String(token),
          interval: INTERVALS[interval],
          fromdate: istMinute(from),
          todate: istMinute(to),
        },
      )) ?? [];
    return rows.map(([time, open, high, low, close, volume]) => ({
      time: new Date(time).toISOString(),
      open: decimalFromWire(open),
      high: decimalFromWire(high),
      low: decimalFromWire(low),
      close: decimalFromWire(close),
      volume: Number(volume),
    }));
  }

  /** Angel's scrip master: strike and tick size come in paise, expiry as "30DEC2025". */
  async getInstruments(exchange?: string): Promise<BrokerInstrument[]> {
    let rows: AngelScrip[];
    try {
      const res = await fetch(this.options.scripMasterUrl ?? SMARTAPI_SCRIP_MASTER, {
        signal: AbortSignal.timeout(60_000),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      rows = (await res.json()) as AngelScrip[];
    } catch (err) {
      throw new BrokerError(
        'NETWORK',
        this.broker,
        `scrip master: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    return rows
      .filter((r) => !exchange || r.exch_seg === exchange)
      .map((r) => ({
        token: Number(r.token),
        instrument: r.symbol,
        name: r.name,
        exchange: r.exch_seg,
        segment: r.exch_seg,
        instrumentType: r.instrumenttype,
        expiry: angelDate(r.expiry),
        strike: decimalFromWire(r.strike).div(100),
        tickSize: decimalFromWire(r.tick_size).div(100),
        lotSize: Number(r.lotsize),
      }));
  }

  private keep(data: SmartApiSession): SmartApiSession {
    // Session credentials are kept out of logs and error bodies by value.
    for (const token of [data.jwtToken, data.refreshToken, data.feedToken]) registerSecretValue(token);
    this.client.jwtToken = data.jwtToken;
    this.refreshToken = data.refreshToken;
    this.feedToken = data.feedToken;
    return { jwtToken: data.jwtToken, refreshToken: data.refreshToken, feedToken: data.feedToken };
  }

  private async orderBook(): Promise<AngelOrder[]> {
    return (await this.client.request<AngelOrder[] | null>('GET', `${SECURE}/order/v1/getOrderBook`)) ?? [];
  }

  private async angelOrder(orderId: string): Promise<AngelOrder> {
    const order = (await this.orderBook()).find((o) => o.orderid === orderId);
    if (!order) throw new BrokerError('INPUT', this.broker, `order ${orderId} is not in the order book`);
    return order;
  }
}

function toOrder(o: AngelOrder): BrokerOrder {
  const filled = Number(o.filledshares ?? 0);
  const price = decimalFromWire(o.price);
  const trigger = decimalFromWire(o.triggerprice);
  return {
    brokerOrderId: o.orderid,
    clientOrderId: o.ordertag || undefined,
    instrument: o.tradingsymbol,
    exchange: o.exchange,
    side: o.transactiontype,
    orderType: smartApiOrderType(o.ordertype),
    quantity: Number(o.quantity),
    filledQuantity: filled,
    price: price.isZero() ? undefined : price,
    triggerPrice: trigger.isZero() ? undefined : trigger,
    averagePrice: decimalFromWire(o.averageprice),
    status: smartApiStatus(o.orderstatus || o.status, filled),
    statusMessage: o.text || undefined,
    placedAt: o.updatetime ? angelTimestampToUtcIso(o.updatetime) : undefined,
  };
}

/** The fields modifyOrder needs, from an order-book row (after a restart we no longer hold them). */
function fromBook(o: AngelOrder): Record<string, string> {
  return {
    variety: o.variety,
    tradingsymbol: o.tradingsymbol,
    symboltoken: o.symboltoken ?? '',
    transactiontype: o.transactiontype,
    exchange: o.exchange,
    ordertype: o.ordertype,
    producttype: o.producttype,
    duration: o.duration,
    price: String(o.price ?? 0),
    triggerprice: String(o.triggerprice ?? 0),
    quantity: String(o.quantity),
    ordertag: o.ordertag ?? '',
  };
}

/** "2021-02-10 09:15" in IST, the format getCandleData takes. */
function istMinute(d: Date): string {
  return new Date(d.getTime() + IST_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** Angel's "20-Oct-2020 13:10:59" (IST) as a UTC ISO instant. */
export function angelTimestampToUtcIso(text: string): string | undefined {
  const m = /^(\d{2})-([A-Za-z]{3})-(\d{4}) (\d{2}):(\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[2]!.toUpperCase());
  if (month < 0) return undefined;
  const utc = Date.UTC(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6])) - IST_MS;
  return new Date(utc).toISOString();
}

/** The trade book's fill time is an IST clock time ("13:27:53") of today's session. */
function istClockToUtcIso(clock: string, today: Date = new Date()): string {
  const istDate = new Date(today.getTime() + IST_MS).toISOString().slice(0, 10);
  const instant = new Date(`${istDate}T${clock.trim()}+05:30`);
  return Number.isNaN(instant.getTime()) ? '' : instant.toISOString();
}

/** "30DEC2025" → "2025-12-30"; empty for instruments without expiry. */
function angelDate(text: string): string | undefined {
  const m = /^(\d{2})([A-Z]{3})(\d{4})$/.exec(text);
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[2]!);
  return month < 0 ? undefined : `${m[3]}-${String(month + 1).padStart(2, '0')}-${m[1]}`;
}
