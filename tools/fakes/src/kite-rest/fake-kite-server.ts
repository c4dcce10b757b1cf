import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';

import { kiteFixture, kiteFixtureText } from './kite-fixtures';

export interface FakeKiteOptions {
  apiKey?: string;
  apiSecret?: string;
  requestToken?: string;
  accessToken?: string;
  /** Orders per second before 429 (Kite: 10/s). */
  ordersPerSecond?: number;
  /** Last traded prices by "EXCHANGE:SYMBOL"; MARKET orders fill there. */
  prices?: Record<string, number>;
}

type KiteOrder = Record<string, unknown> & {
  order_id: string;
  status: string;
  tag: string | null;
  tradingsymbol: string;
  exchange: string;
  transaction_type: 'BUY' | 'SELL';
  order_type: string;
  product: string;
  quantity: number;
  filled_quantity: number;
  pending_quantity: number;
  cancelled_quantity: number;
  price: number;
  trigger_price: number;
  average_price: number;
  order_timestamp: string;
  modified: boolean;
};

type KiteTrade = {
  trade_id: string;
  order_id: string;
  exchange: string;
  tradingsymbol: string;
  instrument_token: number;
  product: string;
  average_price: number;
  quantity: number;
  exchange_order_id: string;
  transaction_type: 'BUY' | 'SELL';
  fill_timestamp: string;
  order_timestamp: string;
  exchange_timestamp: string;
};

/** A scripted historical candle: start time (epoch ms), prices as the JSON numbers Kite sends. */
export interface FakeKiteCandle {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  oi?: number;
}

const IST_MS = 330 * 60_000;

/** "2026-12-01 09:15:00" (IST wall time) → epoch ms. */
function istWallToMs(value: string | null): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(value ?? '');
  if (!match) return Number.NaN;
  const [, y, mo, d, h, mi, se] = match.map(Number) as number[];
  return Date.UTC(y!, mo! - 1, d!, h!, mi!, se!) - IST_MS;
}

/** Kite's candle rows: `[time "+0530", open, high, low, close, volume, oi]`. */
function candlesBetween(candles: readonly FakeKiteCandle[], query: URLSearchParams): unknown[] {
  const from = istWallToMs(query.get('from'));
  const to = istWallToMs(query.get('to'));
  return candles
    .filter((c) => c.time >= from && c.time <= to)
    .map((c) => {
      const ist = new Date(c.time + IST_MS).toISOString().slice(0, 19);
      return [`${ist}+0530`, c.open, c.high, c.low, c.close, c.volume, c.oi ?? 0];
    });
}

interface Failure {
  status: number;
  body: unknown;
  /** Only requests whose path starts with this fail; all when undefined. */
  pathPrefix?: string;
}

const REQUIRED_ORDER_FIELDS = [
  'tradingsymbol',
  'exchange',
  'transaction_type',
  'order_type',
  'quantity',
  'product',
  'validity',
];
const MAX_MODIFICATIONS = 25;

/**
 * A local Kite Connect v3 REST server speaking the real wire format: form-encoded bodies, the
 * `token api_key:access_token` header, `{status, data}` / `{status, message, error_type}` envelopes,
 * Zerodha's published fixture shapes, the 10 orders/s limit, and hooks to inject failures.
 */
export class FakeKiteServer {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly requestToken: string;
  accessToken: string;
  readonly orders = new Map<string, KiteOrder[]>();
  readonly trades: KiteTrade[] = [];
  readonly requests: Array<{ method: string; path: string; body: Record<string, string> }> = [];
  private readonly server: Server;
  private readonly prices: Record<string, number>;
  private readonly ordersPerSecond: number;
  private orderTimes: number[] = [];
  private failures: Failure[] = [];
  private nextOrderId = 250_101_000_000_001;
  private nextTradeId = 90_000_001;
  private modifications = new Map<string, number>();
  private tokenValid = true;
  /** Minute candles served by the historical route, by instrument token (else the fixture). */
  private readonly candles = new Map<number, FakeKiteCandle[]>();
  /** Runs (and is awaited) after an order is accepted and before the reply is written: tests crash the client here. */
  onOrderAccepted?: (orderId: string) => void | Promise<void>;

  constructor(options: FakeKiteOptions = {}) {
    this.apiKey = options.apiKey ?? 'fake_api_key';
    this.apiSecret = options.apiSecret ?? 'fake_api_secret';
    this.requestToken = options.requestToken ?? 'fake_request_token';
    this.accessToken = options.accessToken ?? 'fake_access_token';
    this.prices = { ...(options.prices ?? {}) };
    this.ordersPerSecond = options.ordersPerSecond ?? 10;
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  /**
   * Serves these candles for the token on `/instruments/historical/:token/:interval`, filtered to the
   * request's `from`..`to` (both inclusive, IST wall time as Kite reads them). Times are epoch ms.
   */
  setCandles(token: number, candles: readonly FakeKiteCandle[]): void {
    this.candles.set(
      token,
      [...candles].sort((a, b) => a.time - b.time),
    );
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

  setPrice(exchange: string, symbol: string, price: number): void {
    this.prices[`${exchange}:${symbol}`] = price;
  }

  /** The next `count` requests (under `pathPrefix`) answer with this status and Kite error envelope. */
  failNext(count: number, status: number, errorType: string, message: string, pathPrefix?: string): void {
    for (let i = 0; i < count; i++) {
      this.failures.push({ status, body: { status: 'error', message, error_type: errorType }, pathPrefix });
    }
  }

  /** Kite's daily logout: every authenticated call now fails with 403 TokenException. */
  expireToken(): void {
    this.tokenValid = false;
  }

  /** Fills part or all of an open order at a price, as the exchange would. */
  fill(orderId: string, quantity: number, price: number): void {
    const order = this.latest(orderId);
    const filled = order.filled_quantity + quantity;
    if (filled > order.quantity) throw new Error(`fill of ${quantity} overfills order ${orderId}`);
    const average = (order.average_price * order.filled_quantity + price * quantity) / filled;
    const now = istNow();
    this.pushState(orderId, {
      status: filled === order.quantity ? 'COMPLETE' : 'OPEN',
      filled_quantity: filled,
      pending_quantity: order.quantity - filled,
      average_price: Math.round(average * 100) / 100,
    });
    this.trades.push({
      trade_id: String(this.nextTradeId++),
      order_id: orderId,
      exchange: order.exchange,
      tradingsymbol: order.tradingsymbol,
      instrument_token: 0,
      product: order.product,
      average_price: price,
      quantity,
      exchange_order_id: `1${orderId}`,
      transaction_type: order.transaction_type,
      fill_timestamp: now,
      order_timestamp: now.slice(11),
      exchange_timestamp: now,
    });
  }

  reject(orderId: string, message: string): void {
    this.pushState(orderId, { status: 'REJECTED', status_message: message, pending_quantity: 0 });
  }

  latest(orderId: string): KiteOrder {
    const history = this.orders.get(orderId);
    if (!history) throw new Error(`no order ${orderId}`);
    return history[history.length - 1]!;
  }

  ordersTagged(tag: string): KiteOrder[] {
    return [...this.orders.values()].map((h) => h[h.length - 1]!).filter((o) => o.tag === tag);
  }

  private pushState(orderId: string, changes: Partial<KiteOrder>): void {
    const history = this.orders.get(orderId)!;
    history.push({ ...history[history.length - 1]!, ...changes, exchange_update_timestamp: istNow() });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const raw = await readBody(req);
    const body = Object.fromEntries(new URLSearchParams(raw));
    const path = url.pathname;
    this.requests.push({ method: req.method ?? 'GET', path, body });

    const failure = this.failures.findIndex((f) => !f.pathPrefix || path.startsWith(f.pathPrefix));
    if (failure >= 0) {
      const [f] = this.failures.splice(failure, 1);
      return send(res, f!.status, f!.body);
    }
    if (req.headers['x-kite-version'] !== '3')
      return error(res, 400, 'InputException', 'X-Kite-Version header missing');

    if (req.method === 'POST' && path === '/session/token') return this.createSession(res, body);

    const expected = `token ${this.apiKey}:${this.accessToken}`;
    if (!this.tokenValid || req.headers['authorization'] !== expected) {
      return error(res, 403, 'TokenException', 'Incorrect `api_key` or `access_token`.');
    }

    const orderRoute = /^\/orders\/(regular|amo|co|iceberg|auction)(?:\/(\d+))?$/.exec(path);
    if (orderRoute && req.method === 'POST') return this.placeOrder(res, body);
    if (orderRoute && req.method === 'PUT' && orderRoute[2])
      return this.modifyOrder(res, orderRoute[2], body);
    if (orderRoute && req.method === 'DELETE' && orderRoute[2]) return this.cancelOrder(res, orderRoute[2]);
    if (req.method === 'GET' && path === '/orders')
      return ok(
        res,
        [...this.orders.values()].map((h) => h[h.length - 1]),
      );
    const history = /^\/orders\/(\d+)$/.exec(path);
    if (req.method === 'GET' && history) {
      const orders = this.orders.get(history[1]!);
      return orders ? ok(res, orders) : error(res, 400, 'InputException', 'Invalid `order_id`.');
    }
    const orderTrades = /^\/orders\/(\d+)\/trades$/.exec(path);
    if (req.method === 'GET' && orderTrades)
      return ok(
        res,
        this.trades.filter((t) => t.order_id === orderTrades[1]),
      );
    if (req.method === 'GET' && path === '/trades') return ok(res, this.trades);
    if (req.method === 'GET' && path === '/portfolio/positions') return ok(res, this.positions());
    if (req.method === 'GET' && path === '/portfolio/holdings')
      return ok(res, kiteFixture<{ data: unknown }>('holdings.json').data);
    if (req.method === 'GET' && path === '/user/margins')
      return ok(res, kiteFixture<{ data: unknown }>('margins.json').data);
    if (req.method === 'GET' && path === '/quote/ltp') return this.ltp(res, url.searchParams.getAll('i'));
    if (
      req.method === 'GET' &&
      (path === '/instruments' || (path.startsWith('/instruments/') && !path.includes('historical')))
    ) {
      res.writeHead(200, { 'Content-Type': 'text/csv' });
      return void res.end(kiteFixtureText('instruments_all.csv'));
    }
    if (req.method === 'GET' && path.startsWith('/instruments/historical/')) {
      const token = Number(path.split('/')[3]);
      const scripted = this.candles.get(token);
      if (scripted) return ok(res, { candles: candlesBetween(scripted, url.searchParams) });
      return ok(res, kiteFixture<{ data: unknown }>('historical_oi.json').data);
    }
    return error(res, 404, 'GeneralException', `Route not found: ${req.method} ${path}`);
  }

  private createSession(res: ServerResponse, body: Record<string, string>): void {
    const checksum = createHash('sha256')
      .update(`${this.apiKey}${this.requestToken}${this.apiSecret}`)
      .digest('hex');
    if (
      body['api_key'] !== this.apiKey ||
      body['request_token'] !== this.requestToken ||
      body['checksum'] !== checksum
    ) {
      return error(res, 403, 'TokenException', 'Token is invalid or has expired.');
    }
    this.tokenValid = true;
    const session = kiteFixture<{ data: Record<string, unknown> }>('generate_session.json').data;
    ok(res, { ...session, api_key: this.apiKey, access_token: this.accessToken, login_time: istNow() });
  }

  private async placeOrder(res: ServerResponse, body: Record<string, string>): Promise<void> {
    const now = Date.now();
    this.orderTimes = this.orderTimes.filter((t) => now - t < 1000);
    if (this.orderTimes.length >= this.ordersPerSecond)
      return error(res, 429, 'NetworkException', 'Too many requests');
    this.orderTimes.push(now);

    const missing = REQUIRED_ORDER_FIELDS.find((f) => !body[f]);
    if (missing) return error(res, 400, 'InputException', `Missing \`${missing}\``);
    if ((body['order_type'] === 'LIMIT' || body['order_type'] === 'SL') && !body['price']) {
      return error(res, 400, 'InputException', 'Invalid `price`.');
    }
    if ((body['tag'] ?? '').length > 20) return error(res, 400, 'InputException', 'Invalid `tag`.');

    const orderId = String(this.nextOrderId++);
    const quantity = Number(body['quantity']);
    const timestamp = istNow();
    const template = kiteFixture<{ data: Array<Record<string, unknown>> }>('orders.json').data[0]!;
    const order: KiteOrder = {
      ...template,
      order_id: orderId,
      exchange_order_id: null,
      status: 'OPEN',
      status_message: null,
      order_timestamp: timestamp,
      exchange_timestamp: timestamp,
      exchange_update_timestamp: timestamp,
      variety: 'regular',
      exchange: body['exchange']!,
      tradingsymbol: body['tradingsymbol']!,
      instrument_token: 0,
      order_type: body['order_type']!,
      transaction_type: body['transaction_type'] as 'BUY' | 'SELL',
      validity: body['validity']!,
      product: body['product']!,
      quantity,
      price: Number(body['price'] ?? 0),
      trigger_price: Number(body['trigger_price'] ?? 0),
      average_price: 0,
      filled_quantity: 0,
      pending_quantity: quantity,
      cancelled_quantity: 0,
      tag: body['tag'] ?? null,
      modified: false,
    };
    this.orders.set(orderId, [
      { ...order, status: 'PUT ORDER REQ RECEIVED' },
      { ...order, status: 'VALIDATION PENDING' },
      order,
    ]);
    const ltp = this.prices[`${order.exchange}:${order.tradingsymbol}`];
    if (order.order_type === 'MARKET' && ltp !== undefined) this.fill(orderId, quantity, ltp);
    await this.onOrderAccepted?.(orderId);
    ok(res, { order_id: orderId });
  }

  private modifyOrder(res: ServerResponse, orderId: string, body: Record<string, string>): void {
    if (!this.orders.has(orderId)) return error(res, 400, 'InputException', 'Invalid `order_id`.');
    const order = this.latest(orderId);
    if (order.status !== 'OPEN')
      return error(
        res,
        400,
        'OrderException',
        `Order cannot be modified as it is being processed (${order.status}).`,
      );
    const count = (this.modifications.get(orderId) ?? 0) + 1;
    if (count > MAX_MODIFICATIONS)
      return error(res, 400, 'OrderException', 'Maximum allowed order modifications exceeded.');
    this.modifications.set(orderId, count);
    this.pushState(orderId, {
      quantity: body['quantity'] ? Number(body['quantity']) : order.quantity,
      price: body['price'] ? Number(body['price']) : order.price,
      trigger_price: body['trigger_price'] ? Number(body['trigger_price']) : order.trigger_price,
      modified: true,
    });
    ok(res, { order_id: orderId });
  }

  private cancelOrder(res: ServerResponse, orderId: string): void {
    if (!this.orders.has(orderId)) return error(res, 400, 'InputException', 'Invalid `order_id`.');
    const order = this.latest(orderId);
    if (order.status !== 'OPEN')
      return error(res, 400, 'OrderException', `Order cannot be cancelled as it is ${order.status}.`);
    this.pushState(orderId, {
      status: 'CANCELLED',
      cancelled_quantity: order.pending_quantity,
      pending_quantity: 0,
    });
    ok(res, { order_id: orderId });
  }

  private positions(): { net: unknown[]; day: unknown[] } {
    const template = kiteFixture<{ data: { net: Array<Record<string, unknown>> } }>('positions.json').data
      .net[0]!;
    const byKey = new Map<
      string,
      { exchange: string; symbol: string; product: string; qty: number; cost: number; realised: number }
    >();
    for (const t of this.trades) {
      const key = `${t.exchange}:${t.tradingsymbol}:${t.product}`;
      const p = byKey.get(key) ?? {
        exchange: t.exchange,
        symbol: t.tradingsymbol,
        product: t.product,
        qty: 0,
        cost: 0,
        realised: 0,
      };
      const signed = t.transaction_type === 'BUY' ? t.quantity : -t.quantity;
      p.qty += signed;
      p.cost += signed * t.average_price;
      byKey.set(key, p);
    }
    const net = [...byKey.values()].map((p) => {
      const last = this.prices[`${p.exchange}:${p.symbol}`] ?? 0;
      const average = p.qty === 0 ? 0 : p.cost / p.qty;
      return {
        ...template,
        tradingsymbol: p.symbol,
        exchange: p.exchange,
        product: p.product,
        quantity: p.qty,
        multiplier: 1,
        average_price: Math.round(average * 100) / 100,
        last_price: last,
        realised: p.qty === 0 ? Math.round(-p.cost * 100) / 100 : 0,
        unrealised: p.qty === 0 ? 0 : Math.round((last - average) * p.qty * 100) / 100,
      };
    });
    return { net, day: net };
  }

  private ltp(res: ServerResponse, instruments: string[]): void {
    const data: Record<string, { instrument_token: number; last_price: number }> = {};
    for (const key of instruments) {
      const price = this.prices[key];
      if (price !== undefined) data[key] = { instrument_token: 0, last_price: price };
    }
    ok(res, data);
  }
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

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function ok(res: ServerResponse, data: unknown): void {
  send(res, 200, { status: 'success', data });
}

function error(res: ServerResponse, status: number, errorType: string, message: string): void {
  send(res, status, { status: 'error', message, error_type: errorType });
}

/** Kite's own timestamp format: IST wall clock, "YYYY-MM-DD HH:MM:SS". */
function istNow(): string {
  return new Date(Date.now() + 330 * 60_000).toISOString().slice(0, 19).replace('T', ' ');
}
