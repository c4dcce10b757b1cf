import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';

import { Decimal } from '@dalal/domain';

export interface FakeBinanceSymbol {
  base: string;
  quote: string;
  /** Last price as Binance sends it ("43000.00"); MARKET orders fill here. */
  price: string;
  tickSize?: string;
  stepSize?: string;
  minQty?: string;
}

export interface FakeBinanceOptions {
  apiKey?: string;
  apiSecret?: string;
  symbols?: Record<string, FakeBinanceSymbol>;
  /** Free balances by asset. */
  balances?: Record<string, string>;
  /** Request weight per window before 429 (Binance spot: 6000 a minute). */
  weightLimit?: number;
  weightWindowMs?: number;
  /** New orders per window before 429 -1015 (Binance spot: 50 per 10 s). */
  orderLimit?: number;
  orderWindowMs?: number;
  /** Seconds sent in Retry-After with a 429. */
  retryAfterSeconds?: number;
}

/** An order as GET /api/v3/order returns it: every amount a string. */
export interface FakeBinanceOrder {
  symbol: string;
  orderId: number;
  orderListId: number;
  clientOrderId: string;
  price: string;
  origQty: string;
  executedQty: string;
  cummulativeQuoteQty: string;
  status: 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'REJECTED' | 'EXPIRED';
  timeInForce: string;
  type: string;
  side: 'BUY' | 'SELL';
  stopPrice: string;
  icebergQty: string;
  time: number;
  updateTime: number;
  isWorking: boolean;
  workingTime: number;
  origQuoteOrderQty: string;
  selfTradePreventionMode: string;
}

export interface FakeBinanceTrade {
  symbol: string;
  id: number;
  orderId: number;
  orderListId: number;
  price: string;
  qty: string;
  quoteQty: string;
  commission: string;
  commissionAsset: string;
  time: number;
  isBuyer: boolean;
  isMaker: boolean;
  isBestMatch: boolean;
}

interface Failure {
  status: number;
  body: unknown;
  pathPrefix?: string;
}

interface Route {
  weight: number;
  signed: boolean;
}

/** Request weights from the spot API docs (the ones our adapter calls). */
const ROUTES: Record<string, Route> = {
  'GET /api/v3/ping': { weight: 1, signed: false },
  'GET /api/v3/time': { weight: 1, signed: false },
  'GET /api/v3/exchangeInfo': { weight: 20, signed: false },
  'GET /api/v3/ticker/price': { weight: 2, signed: false },
  'GET /api/v3/klines': { weight: 2, signed: false },
  'POST /api/v3/order': { weight: 1, signed: true },
  'GET /api/v3/order': { weight: 4, signed: true },
  'DELETE /api/v3/order': { weight: 1, signed: true },
  'GET /api/v3/openOrders': { weight: 6, signed: true },
  'GET /api/v3/allOrders': { weight: 20, signed: true },
  'GET /api/v3/myTrades': { weight: 20, signed: true },
  'GET /api/v3/account': { weight: 20, signed: true },
};

const MAX_RECV_WINDOW = 60_000;

class BinanceReject extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    msg: string,
  ) {
    super(msg);
  }
}

/**
 * A local Binance spot (testnet) REST server speaking the real wire format: `X-MBX-APIKEY`, HMAC-SHA256
 * over the exact query string followed by the body, the `timestamp`/`recvWindow` window (-1021), the
 * duplicate open `newClientOrderId` rule (-2010), `{code, msg}` errors, `X-MBX-USED-WEIGHT-1M` on every
 * reply and `X-MBX-ORDER-COUNT-*` on orders, 429 with `Retry-After` past a configured budget, MARKET
 * fills at the symbol's price and LIMIT fills on command.
 */
export class FakeBinanceServer {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly orders = new Map<number, FakeBinanceOrder>();
  readonly trades: FakeBinanceTrade[] = [];
  readonly requests: Array<{ method: string; path: string; query: string; body: string; signed: boolean }> =
    [];
  readonly balances: Record<string, Decimal>;
  /** Server clock minus ours; set it to make the client's timestamps fall outside the window. */
  clockSkewMs = 0;
  /** Runs after an order is accepted and before the reply is written: tests crash the client here. */
  onOrderAccepted?: (order: FakeBinanceOrder) => void;
  private readonly server: Server;
  private readonly symbols: Record<string, Required<FakeBinanceSymbol>>;
  private readonly weightLimit: number;
  private readonly weightWindowMs: number;
  private readonly orderLimit: number;
  private readonly orderWindowMs: number;
  private readonly retryAfterSeconds: number;
  private weight = { window: -1, used: 0 };
  private orderCount = { window: -1, used: 0 };
  private ordersToday = 0;
  private failures: Failure[] = [];
  private keyValid = true;
  private nextOrderId = 4_100_001;
  private nextTradeId = 700_001;

  constructor(options: FakeBinanceOptions = {}) {
    this.apiKey = options.apiKey ?? 'fakeBinanceApiKey0123456789';
    this.apiSecret = options.apiSecret ?? 'fakeBinanceSecret0123456789';
    this.symbols = Object.fromEntries(
      Object.entries(options.symbols ?? { BTCUSDT: { base: 'BTC', quote: 'USDT', price: '43000.00' } }).map(
        ([symbol, s]) => [
          symbol,
          { tickSize: '0.01', stepSize: '0.00001', minQty: '0.00001', ...s } as Required<FakeBinanceSymbol>,
        ],
      ),
    );
    this.balances = Object.fromEntries(
      Object.entries(options.balances ?? { USDT: '10000.00000000', BTC: '0.50000000' }).map(([a, v]) => [
        a,
        new Decimal(v),
      ]),
    );
    this.weightLimit = options.weightLimit ?? 6000;
    this.weightWindowMs = options.weightWindowMs ?? 60_000;
    this.orderLimit = options.orderLimit ?? 50;
    this.orderWindowMs = options.orderWindowMs ?? 10_000;
    this.retryAfterSeconds = options.retryAfterSeconds ?? 1;
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  setPrice(symbol: string, price: string): void {
    this.symbol(symbol).price = price;
  }

  /** The next `count` requests (under `pathPrefix`) answer with this status and body. */
  failNext(count: number, status: number, body: unknown = '', pathPrefix?: string): void {
    for (let i = 0; i < count; i++) this.failures.push({ status, body, pathPrefix });
  }

  /** The key was deleted or lost its permissions: every signed call now fails with -2015. */
  revokeKey(): void {
    this.keyValid = false;
  }

  /** Fills part or all of an open order at a price, as the matching engine would. */
  fill(orderId: number, quantity: string, price: string): void {
    const order = this.order(orderId);
    const executed = new Decimal(order.executedQty).plus(quantity);
    if (executed.gt(order.origQty)) throw new Error(`fill of ${quantity} overfills order ${orderId}`);
    const quote = new Decimal(price).times(quantity);
    const rules = this.symbol(order.symbol);
    order.executedQty = executed.toFixed(8);
    order.cummulativeQuoteQty = new Decimal(order.cummulativeQuoteQty).plus(quote).toFixed(8);
    order.status = executed.eq(order.origQty) ? 'FILLED' : 'PARTIALLY_FILLED';
    order.updateTime = this.now();
    const buy = order.side === 'BUY';
    this.move(rules.base, buy ? quantity : new Decimal(quantity).neg());
    this.move(rules.quote, buy ? quote.neg() : quote);
    this.trades.push({
      symbol: order.symbol,
      id: this.nextTradeId++,
      orderId,
      orderListId: -1,
      price: new Decimal(price).toFixed(8),
      qty: new Decimal(quantity).toFixed(8),
      quoteQty: quote.toFixed(8),
      commission: '0.00000000',
      commissionAsset: buy ? rules.base : rules.quote,
      time: this.now(),
      isBuyer: buy,
      isMaker: order.type !== 'MARKET',
      isBestMatch: true,
    });
  }

  order(orderId: number): FakeBinanceOrder {
    const order = this.orders.get(orderId);
    if (!order) throw new Error(`no order ${orderId}`);
    return order;
  }

  ordersWithClientId(clientOrderId: string): FakeBinanceOrder[] {
    return [...this.orders.values()].filter((o) => o.clientOrderId === clientOrderId);
  }

  private now(): number {
    return Date.now() + this.clockSkewMs;
  }

  private symbol(symbol: string): Required<FakeBinanceSymbol> {
    const rules = this.symbols[symbol];
    if (!rules) throw new BinanceReject(400, -1121, 'Invalid symbol.');
    return rules;
  }

  private move(asset: string, amount: Decimal | string): void {
    this.balances[asset] = (this.balances[asset] ?? new Decimal(0)).plus(amount);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const query = url.search.slice(1);
    const body = await readBody(req);
    const route = ROUTES[`${method} ${url.pathname}`];
    this.requests.push({ method, path: url.pathname, query, body, signed: route?.signed ?? false });

    const headers: Record<string, string> = { 'Content-Type': 'application/json;charset=UTF-8' };
    try {
      const failure = this.failures.findIndex((f) => !f.pathPrefix || url.pathname.startsWith(f.pathPrefix));
      if (failure >= 0) {
        const [f] = this.failures.splice(failure, 1);
        return send(res, f!.status, f!.body, headers);
      }
      if (!route) throw new BinanceReject(404, -1000, `Unknown route ${method} ${url.pathname}`);

      this.chargeWeight(route.weight, headers);
      const params = Object.fromEntries(new URLSearchParams(query));
      Object.assign(params, Object.fromEntries(new URLSearchParams(body)));
      if (route.signed) this.authenticate(req, query, body, params);

      const result = this.dispatch(`${method} ${url.pathname}`, params, headers);
      send(res, 200, result, headers);
    } catch (err) {
      if (!(err instanceof BinanceReject)) throw err;
      if (err.status === 429 || err.status === 418) headers['Retry-After'] = String(this.retryAfterSeconds);
      send(res, err.status, { code: err.code, msg: err.message }, headers);
    }
  }

  private chargeWeight(weight: number, headers: Record<string, string>): void {
    const window = Math.floor(this.now() / this.weightWindowMs);
    if (this.weight.window !== window) this.weight = { window, used: 0 };
    this.weight.used += weight;
    headers['X-MBX-USED-WEIGHT-1M'] = String(this.weight.used);
    if (this.weight.used > this.weightLimit) {
      throw new BinanceReject(
        429,
        -1003,
        `Too much request weight used; current limit is ${this.weightLimit} request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.`,
      );
    }
  }

  private authenticate(
    req: IncomingMessage,
    query: string,
    body: string,
    params: Record<string, string>,
  ): void {
    if (req.headers['x-mbx-apikey'] !== this.apiKey || !this.keyValid) {
      throw new BinanceReject(401, -2015, 'Invalid API-key, IP, or permissions for action.');
    }
    const signature = params['signature'];
    if (!signature) {
      throw new BinanceReject(
        400,
        -1102,
        "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.",
      );
    }
    // totalParams: the query string followed by the body, each exactly as sent, less the signature.
    const strip = (s: string) => s.replace(/&?signature=[^&]*/, '');
    const expected = createHmac('sha256', this.apiSecret)
      .update(strip(query) + strip(body))
      .digest();
    const given = Buffer.from(signature, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new BinanceReject(400, -1022, 'Signature for this request is not valid.');
    }
    const timestamp = Number(params['timestamp']);
    const recvWindow = Number(params['recvWindow'] ?? 5000);
    if (!Number.isFinite(timestamp)) {
      throw new BinanceReject(
        400,
        -1102,
        "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.",
      );
    }
    if (recvWindow > MAX_RECV_WINDOW) {
      throw new BinanceReject(400, -1131, 'recvWindow must be less than 60000');
    }
    const serverTime = this.now();
    if (!(timestamp < serverTime + 1000 && serverTime - timestamp <= recvWindow)) {
      throw new BinanceReject(400, -1021, 'Timestamp for this request is outside of the recvWindow.');
    }
  }

  private dispatch(route: string, p: Record<string, string>, headers: Record<string, string>): unknown {
    switch (route) {
      case 'GET /api/v3/ping':
        return {};
      case 'GET /api/v3/time':
        return { serverTime: this.now() };
      case 'GET /api/v3/exchangeInfo':
        return this.exchangeInfo();
      case 'GET /api/v3/ticker/price':
        return this.tickerPrice(p);
      case 'GET /api/v3/klines':
        return this.klines(p);
      case 'POST /api/v3/order':
        return this.placeOrder(p, headers);
      case 'GET /api/v3/order':
        return this.findOrder(p);
      case 'DELETE /api/v3/order':
        return this.cancelOrder(p);
      case 'GET /api/v3/openOrders':
        return [...this.orders.values()].filter(
          (o) => (!p['symbol'] || o.symbol === p['symbol']) && isOpen(o),
        );
      case 'GET /api/v3/allOrders':
        return [...this.orders.values()].filter((o) => o.symbol === required(p, 'symbol'));
      case 'GET /api/v3/myTrades':
        return this.trades.filter((t) => t.symbol === required(p, 'symbol'));
      case 'GET /api/v3/account':
        return this.account();
      default:
        throw new BinanceReject(404, -1000, `Unknown route ${route}`);
    }
  }

  private placeOrder(p: Record<string, string>, headers: Record<string, string>): unknown {
    const window = Math.floor(this.now() / this.orderWindowMs);
    if (this.orderCount.window !== window) this.orderCount = { window, used: 0 };
    if (this.orderCount.used >= this.orderLimit) {
      throw new BinanceReject(
        429,
        -1015,
        `Too many new orders; current limit is ${this.orderLimit} orders per TEN_SECONDS.`,
      );
    }
    const symbol = required(p, 'symbol');
    const side = required(p, 'side');
    const type = required(p, 'type');
    const rules = this.symbol(symbol);
    if (side !== 'BUY' && side !== 'SELL') throw new BinanceReject(400, -1117, 'Invalid side.');
    if (!['MARKET', 'LIMIT', 'STOP_LOSS', 'STOP_LOSS_LIMIT', 'LIMIT_MAKER'].includes(type)) {
      throw new BinanceReject(400, -1116, 'Invalid orderType.');
    }
    const quantity = new Decimal(required(p, 'quantity'));
    const limit = type === 'LIMIT' || type === 'STOP_LOSS_LIMIT' || type === 'LIMIT_MAKER';
    const price = limit ? new Decimal(required(p, 'price')) : new Decimal(0);
    if (limit && type !== 'LIMIT_MAKER') required(p, 'timeInForce');
    const stop = type.startsWith('STOP_LOSS') ? new Decimal(required(p, 'stopPrice')) : new Decimal(0);
    if (quantity.lt(rules.minQty) || !quantity.mod(rules.stepSize).isZero()) {
      throw new BinanceReject(400, -1013, 'Filter failure: LOT_SIZE');
    }
    if (limit && (price.lte(0) || !price.mod(rules.tickSize).isZero())) {
      throw new BinanceReject(400, -1013, 'Filter failure: PRICE_FILTER');
    }
    const clientOrderId = p['newClientOrderId'] ?? `fake${this.nextOrderId}`;
    if (!/^[.A-Z:/a-z0-9_-]{1,36}$/.test(clientOrderId)) {
      throw new BinanceReject(400, -1100, "Illegal characters found in parameter 'newClientOrderId'.");
    }
    if ([...this.orders.values()].some((o) => o.clientOrderId === clientOrderId && isOpen(o))) {
      throw new BinanceReject(400, -2010, 'Duplicate order sent.');
    }

    this.orderCount.used++;
    this.ordersToday++;
    headers['X-MBX-ORDER-COUNT-10S'] = String(this.orderCount.used);
    headers['X-MBX-ORDER-COUNT-1D'] = String(this.ordersToday);

    const now = this.now();
    const order: FakeBinanceOrder = {
      symbol,
      orderId: this.nextOrderId++,
      orderListId: -1,
      clientOrderId,
      price: price.toFixed(8),
      origQty: quantity.toFixed(8),
      executedQty: '0.00000000',
      cummulativeQuoteQty: '0.00000000',
      status: 'NEW',
      timeInForce: p['timeInForce'] ?? 'GTC',
      type,
      side,
      stopPrice: stop.toFixed(8),
      icebergQty: '0.00000000',
      time: now,
      updateTime: now,
      isWorking: !type.startsWith('STOP_LOSS'),
      workingTime: now,
      origQuoteOrderQty: '0.00000000',
      selfTradePreventionMode: 'EXPIRE_MAKER',
    };
    this.orders.set(order.orderId, order);
    if (type === 'MARKET') this.fill(order.orderId, order.origQty, rules.price);
    this.onOrderAccepted?.(order);
    const { time: _time, updateTime: _updateTime, isWorking: _isWorking, ...reply } = order;
    return { ...reply, transactTime: now, fills: [] };
  }

  private findOrder(p: Record<string, string>): FakeBinanceOrder {
    const symbol = required(p, 'symbol');
    this.symbol(symbol);
    const byId = p['orderId'] ? this.orders.get(Number(p['orderId'])) : undefined;
    const clientId = p['origClientOrderId'];
    // Binance keeps the latest order with that client id.
    const byClientId = clientId
      ? [...this.orders.values()].filter((o) => o.clientOrderId === clientId).pop()
      : undefined;
    if (!p['orderId'] && !clientId) {
      throw new BinanceReject(
        400,
        -1102,
        "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!",
      );
    }
    const order = byId ?? byClientId;
    if (!order || order.symbol !== symbol) throw new BinanceReject(400, -2013, 'Order does not exist.');
    return order;
  }

  private cancelOrder(p: Record<string, string>): unknown {
    let order: FakeBinanceOrder;
    try {
      order = this.findOrder(p);
    } catch (err) {
      if (err instanceof BinanceReject && err.code === -2013)
        throw new BinanceReject(400, -2011, 'Unknown order sent.');
      throw err;
    }
    if (!isOpen(order)) throw new BinanceReject(400, -2011, 'Unknown order sent.');
    order.status = 'CANCELED';
    order.updateTime = this.now();
    return {
      symbol: order.symbol,
      origClientOrderId: order.clientOrderId,
      orderId: order.orderId,
      orderListId: -1,
      clientOrderId: `cancel${order.orderId}`,
      transactTime: order.updateTime,
      price: order.price,
      origQty: order.origQty,
      executedQty: order.executedQty,
      cummulativeQuoteQty: order.cummulativeQuoteQty,
      status: order.status,
      timeInForce: order.timeInForce,
      type: order.type,
      side: order.side,
      selfTradePreventionMode: order.selfTradePreventionMode,
    };
  }

  private exchangeInfo(): unknown {
    return {
      timezone: 'UTC',
      serverTime: this.now(),
      rateLimits: [
        { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: this.weightLimit },
        { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: this.orderLimit },
        { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 160000 },
      ],
      exchangeFilters: [],
      symbols: Object.entries(this.symbols).map(([symbol, s]) => ({
        symbol,
        status: 'TRADING',
        baseAsset: s.base,
        baseAssetPrecision: 8,
        quoteAsset: s.quote,
        quotePrecision: 8,
        quoteAssetPrecision: 8,
        orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS', 'STOP_LOSS_LIMIT'],
        icebergAllowed: true,
        ocoAllowed: true,
        isSpotTradingAllowed: true,
        isMarginTradingAllowed: false,
        filters: [
          {
            filterType: 'PRICE_FILTER',
            minPrice: s.tickSize,
            maxPrice: '1000000.00000000',
            tickSize: s.tickSize,
          },
          { filterType: 'LOT_SIZE', minQty: s.minQty, maxQty: '9000.00000000', stepSize: s.stepSize },
          {
            filterType: 'NOTIONAL',
            minNotional: '5.00000000',
            applyMinToMarket: true,
            maxNotional: '9000000.00000000',
          },
        ],
        permissions: [],
        permissionSets: [['SPOT']],
      })),
    };
  }

  private tickerPrice(p: Record<string, string>): unknown {
    if (p['symbol']) return { symbol: p['symbol'], price: this.symbol(p['symbol']).price };
    const wanted = p['symbols'] ? (JSON.parse(p['symbols']) as string[]) : Object.keys(this.symbols);
    return wanted.map((symbol) => ({ symbol, price: this.symbol(symbol).price }));
  }

  /** Flat candles at the symbol's price, one per interval from startTime. */
  private klines(p: Record<string, string>): unknown {
    const rules = this.symbol(required(p, 'symbol'));
    const step = INTERVAL_MS[required(p, 'interval')];
    if (!step) throw new BinanceReject(400, -1120, 'Invalid interval.');
    const limit = Math.min(Number(p['limit'] ?? 500), 1000);
    const start = Math.ceil(Number(p['startTime'] ?? this.now() - limit * step) / step) * step;
    const end = Number(p['endTime'] ?? this.now());
    const rows: unknown[] = [];
    for (let t = start; t <= end && rows.length < limit; t += step) {
      const price = new Decimal(rules.price).toFixed(8);
      rows.push([t, price, price, price, price, '1.50000000', t + step - 1, '0', 10, '0', '0', '0']);
    }
    return rows;
  }

  private account(): unknown {
    return {
      makerCommission: 0,
      takerCommission: 0,
      buyerCommission: 0,
      sellerCommission: 0,
      canTrade: true,
      canWithdraw: false,
      canDeposit: false,
      brokered: false,
      requireSelfTradePrevention: false,
      preventSor: false,
      updateTime: this.now(),
      accountType: 'SPOT',
      balances: Object.entries(this.balances).map(([asset, free]) => ({
        asset,
        free: free.toFixed(8),
        locked: '0.00000000',
      })),
      permissions: ['SPOT'],
      uid: 1_000_000_001,
    };
  }
}

const INTERVAL_MS: Record<string, number> = {
  '1m': 60_000,
  '3m': 180_000,
  '5m': 300_000,
  '15m': 900_000,
  '1h': 3_600_000,
  '1d': 86_400_000,
};

function isOpen(o: FakeBinanceOrder): boolean {
  return o.status === 'NEW' || o.status === 'PARTIALLY_FILLED';
}

function required(p: Record<string, string>, name: string): string {
  const value = p[name];
  if (value === undefined || value === '') {
    throw new BinanceReject(
      400,
      -1102,
      `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`,
    );
  }
  return value;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (data += chunk));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  res.writeHead(status, headers);
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}
