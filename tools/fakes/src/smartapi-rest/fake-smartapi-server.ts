import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';

import { verifyTotp } from './totp';

export interface FakeSmartApiScrip {
  token: string;
  exchange: string;
  tradingsymbol: string;
  /** Last traded price; MARKET orders fill here. */
  ltp: number;
  name?: string;
  lotsize?: number;
  instrumenttype?: string;
  /** "30DEC2025" */
  expiry?: string;
  /** Rupees; the scrip master sends paise. */
  strike?: number;
}

export interface FakeSmartApiOptions {
  apiKey?: string;
  clientCode?: string;
  pin?: string;
  /** Base32 TOTP secret shared with the client. */
  totpSecret?: string;
  scrips?: FakeSmartApiScrip[];
  /** Order endpoint limits (Angel: 20 a second, 500 a minute, per endpoint). */
  ordersPerSecond?: number;
  ordersPerMinute?: number;
}

/** An order-book row as Angel's getOrderBook returns it: prices as numbers, quantities as strings. */
export type FakeSmartApiOrder = {
  variety: string;
  ordertype: string;
  producttype: string;
  duration: string;
  price: number;
  triggerprice: number;
  quantity: string;
  disclosedquantity: string;
  squareoff: number;
  stoploss: number;
  trailingstoploss: number;
  tradingsymbol: string;
  transactiontype: 'BUY' | 'SELL';
  exchange: string;
  symboltoken: string;
  ordertag: string;
  instrumenttype: string;
  strikeprice: number;
  optiontype: string;
  expirydate: string;
  lotsize: string;
  cancelsize: string;
  averageprice: number;
  filledshares: string;
  unfilledshares: string;
  orderid: string;
  text: string;
  status: string;
  orderstatus: string;
  updatetime: string;
  exchtime: string;
  exchorderupdatetime: string;
  fillid: string;
  filltime: string;
  parentorderid: string;
  uniqueorderid: string;
};

type FakeSmartApiTrade = {
  exchange: string;
  producttype: string;
  tradingsymbol: string;
  instrumenttype: string;
  symbolgroup: string;
  strikeprice: string;
  optiontype: string;
  expirydate: string;
  marketlot: string;
  precision: string;
  multiplier: string;
  tradevalue: string;
  transactiontype: 'BUY' | 'SELL';
  fillprice: string;
  fillsize: string;
  orderid: string;
  fillid: string;
  filltime: string;
};

interface Failure {
  status: number;
  body: unknown;
  pathPrefix?: string;
}

const AUTH = '/rest/auth/angelbroking';
const SECURE = '/rest/secure/angelbroking';
const ORDER_PATHS = ['/order/v1/placeOrder', '/order/v1/modifyOrder', '/order/v1/cancelOrder'].map(
  (p) => `${SECURE}${p}`,
);
const REQUIRED_ORDER_FIELDS = [
  'variety',
  'tradingsymbol',
  'symboltoken',
  'transactiontype',
  'exchange',
  'ordertype',
  'producttype',
  'duration',
  'quantity',
];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const INTERVAL_MS: Record<string, number> = {
  ONE_MINUTE: 60_000,
  THREE_MINUTE: 180_000,
  FIVE_MINUTE: 300_000,
  FIFTEEN_MINUTE: 900_000,
  ONE_HOUR: 3_600_000,
  ONE_DAY: 86_400_000,
};

/**
 * A local Angel One SmartAPI REST server speaking the real wire format: JSON bodies on the real paths,
 * `X-PrivateKey` and `Authorization: Bearer <jwt>` checked, login by client code + PIN + TOTP (verified
 * with otplib against the shared secret), business errors as HTTP 200 `{status:false, errorcode}`, the
 * gateway's `{success:false, errorCode:'AG8001'}` for a bad or expired token, the per-endpoint order rate
 * limits, `data: null` for empty books, and an order book that fills on command.
 */
export class FakeSmartApiServer {
  readonly apiKey: string;
  readonly clientCode: string;
  readonly pin: string;
  readonly totpSecret: string;
  readonly orders = new Map<string, FakeSmartApiOrder>();
  readonly trades: FakeSmartApiTrade[] = [];
  readonly requests: Array<{
    method: string;
    path: string;
    headers: IncomingMessage['headers'];
    body: unknown;
  }> = [];
  /** Runs after an order is accepted and before the reply is written: tests crash the client here. */
  onOrderAccepted?: (order: FakeSmartApiOrder) => void;
  private readonly server: Server;
  private readonly scrips: FakeSmartApiScrip[];
  private readonly ordersPerSecond: number;
  private readonly ordersPerMinute: number;
  private readonly calls = new Map<string, number[]>();
  private readonly jwts = new Set<string>();
  private readonly refreshTokens = new Set<string>();
  private failures: Failure[] = [];
  private nextOrderId = 1;

  constructor(options: FakeSmartApiOptions = {}) {
    this.apiKey = options.apiKey ?? 'fakeSmartKey';
    this.clientCode = options.clientCode ?? 'A123456';
    this.pin = options.pin ?? '1234';
    this.totpSecret = options.totpSecret ?? 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    this.scrips = options.scrips ?? [
      {
        token: '35003',
        exchange: 'NFO',
        tradingsymbol: 'NIFTY30DEC2525000CE',
        ltp: 102.4,
        name: 'NIFTY',
        lotsize: 75,
        instrumenttype: 'OPTIDX',
        expiry: '30DEC2025',
        strike: 25000,
      },
      { token: '99926000', exchange: 'NSE', tradingsymbol: 'Nifty 50', ltp: 25012.35, name: 'NIFTY' },
    ];
    this.ordersPerSecond = options.ordersPerSecond ?? 20;
    this.ordersPerMinute = options.ordersPerMinute ?? 500;
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get scripMasterUrl(): string {
    return `${this.url}/OpenAPI_File/files/OpenAPIScripMaster.json`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A JWT valid now, as if the client had logged in, for specs that start logged in. */
  issueSession(): { jwtToken: string; refreshToken: string; feedToken: string } {
    const session = {
      jwtToken: `jwt-${randomUUID()}`,
      refreshToken: `refresh-${randomUUID()}`,
      feedToken: 'feed',
    };
    this.jwts.add(session.jwtToken);
    this.refreshTokens.add(session.refreshToken);
    return session;
  }

  /** Angel's daily expiry or a logout elsewhere: every JWT is now refused with AG8001. */
  expireTokens(): void {
    this.jwts.clear();
  }

  setLtp(token: string, ltp: number): void {
    this.scrip(token)!.ltp = ltp;
  }

  /** The next `count` requests (under `pathPrefix`) answer with this status and body. */
  failNext(count: number, status: number, body: unknown = '', pathPrefix?: string): void {
    for (let i = 0; i < count; i++) this.failures.push({ status, body, pathPrefix });
  }

  /** Fills part or all of an open order at a price, as the exchange would. */
  fill(orderId: string, quantity: number, price: number): void {
    const order = this.order(orderId);
    const filledBefore = Number(order.filledshares);
    const filled = filledBefore + quantity;
    if (filled > Number(order.quantity)) throw new Error(`fill of ${quantity} overfills order ${orderId}`);
    const average = (order.averageprice * filledBefore + price * quantity) / filled;
    const status = filled === Number(order.quantity) ? 'complete' : 'open';
    Object.assign(order, {
      filledshares: String(filled),
      unfilledshares: String(Number(order.quantity) - filled),
      averageprice: Math.round(average * 100) / 100,
      status,
      orderstatus: status,
      updatetime: angelTimestamp(),
      exchorderupdatetime: angelTimestamp(),
    });
    this.trades.push({
      exchange: order.exchange,
      producttype: order.producttype,
      tradingsymbol: order.tradingsymbol,
      instrumenttype: order.instrumenttype,
      symbolgroup: 'XX',
      strikeprice: String(order.strikeprice),
      optiontype: order.optiontype,
      expirydate: order.expirydate,
      marketlot: order.lotsize,
      precision: '2',
      multiplier: '-1',
      tradevalue: (price * quantity).toFixed(2),
      transactiontype: order.transactiontype,
      fillprice: price.toFixed(2),
      fillsize: String(quantity),
      orderid: orderId,
      fillid: String(50_000_000 + this.trades.length + 1),
      filltime: angelTimestamp().slice(12),
    });
  }

  reject(orderId: string, text: string): void {
    Object.assign(this.order(orderId), { status: 'rejected', orderstatus: 'rejected', text });
  }

  order(orderId: string): FakeSmartApiOrder {
    const order = this.orders.get(orderId);
    if (!order) throw new Error(`no order ${orderId}`);
    return order;
  }

  ordersTagged(tag: string): FakeSmartApiOrder[] {
    return [...this.orders.values()].filter((o) => o.ordertag === tag);
  }

  private scrip(token: string, exchange?: string): FakeSmartApiScrip | undefined {
    return this.scrips.find((s) => s.token === token && (!exchange || s.exchange === exchange));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    let body: Record<string, unknown> = {};
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      return fail(res, 'Invalid JSON', 'AB2000');
    }
    this.requests.push({ method, path, headers: req.headers, body });

    const failure = this.failures.findIndex((f) => !f.pathPrefix || path.startsWith(f.pathPrefix));
    if (failure >= 0) {
      const [f] = this.failures.splice(failure, 1);
      return send(res, f!.status, f!.body);
    }

    if (method === 'GET' && path === '/OpenAPI_File/files/OpenAPIScripMaster.json') {
      return send(res, 200, this.scripMaster());
    }
    if (req.headers['x-privatekey'] !== this.apiKey) {
      return send(res, 200, { success: false, message: 'Invalid API Key', errorCode: 'AG8004', data: '' });
    }
    if (method === 'POST' && path === `${AUTH}/user/v1/loginByPassword`) return this.login(res, body);
    if (method === 'POST' && path === `${AUTH}/jwt/v1/generateTokens`) return this.generateTokens(res, body);

    const bearer = /^Bearer (.+)$/.exec(req.headers['authorization'] ?? '')?.[1];
    if (!bearer || !this.jwts.has(bearer)) {
      return send(res, 200, { success: false, message: 'Invalid Token', errorCode: 'AG8001', data: '' });
    }
    if (ORDER_PATHS.includes(path) && !this.withinOrderLimits(path)) {
      // The gateway's refusal is a 403 with this text, not an envelope [V].
      return send(res, 403, 'Access denied because of exceeding access rate');
    }

    const route = `${method} ${path.slice(SECURE.length)}`;
    switch (route) {
      case 'POST /user/v1/logout':
        this.jwts.delete(bearer);
        return ok(res, '');
      case 'GET /user/v1/getProfile':
        return ok(res, { clientcode: this.clientCode, name: 'FAKE TRADER', exchanges: ['nse_cm', 'nse_fo'] });
      case 'GET /user/v1/getRMS':
        return ok(res, {
          net: '99725.0500',
          availablecash: '99725.0500',
          availableintradaypayin: '0.0000',
          availablelimitmargin: '0.0000',
          collateral: '0.0000',
          m2munrealized: '0.0000',
          m2mrealized: '0.0000',
          utiliseddebits: '274.9500',
          utilisedspan: null,
          utilisedoptionpremium: null,
          utilisedholdingsales: null,
          utilisedexposure: null,
          utilisedturnover: null,
          utilisedpayout: '0.0000',
        });
      case 'POST /order/v1/placeOrder':
        return this.placeOrder(res, body);
      case 'POST /order/v1/modifyOrder':
        return this.modifyOrder(res, body);
      case 'POST /order/v1/cancelOrder':
        return this.cancelOrder(res, body);
      case 'GET /order/v1/getOrderBook':
        return ok(res, this.orders.size ? [...this.orders.values()] : null);
      case 'GET /order/v1/getTradeBook':
        return ok(res, this.trades.length ? this.trades : null);
      case 'GET /order/v1/getPosition':
        return ok(res, this.positions());
      case 'GET /portfolio/v1/getHolding':
        return ok(res, [
          {
            tradingsymbol: 'SBIN-EQ',
            exchange: 'NSE',
            isin: 'INE062A01020',
            t1quantity: 0,
            realisedquantity: 2,
            quantity: 2,
            authorisedquantity: 0,
            product: 'DELIVERY',
            collateralquantity: null,
            collateraltype: null,
            haircut: 0,
            averageprice: 601.25,
            ltp: 812.5,
            symboltoken: '3045',
            close: 810.1,
            profitandloss: 422,
            pnlpercentage: 35.13,
          },
        ]);
      case 'POST /market/v1/quote':
        return this.quote(res, body);
      case 'POST /historical/v1/getCandleData':
        return this.candles(res, body);
      default:
        return send(res, 404, {
          status: false,
          message: `Route not found: ${route}`,
          errorcode: 'AB2000',
          data: null,
        });
    }
  }

  private login(res: ServerResponse, body: Record<string, unknown>): void {
    if (body['clientcode'] !== this.clientCode || body['password'] !== this.pin) {
      return fail(res, 'Invalid clientcode or password', 'AB1000');
    }
    const totp = String(body['totp'] ?? '');
    if (!verifyTotp(this.totpSecret, totp)) return fail(res, 'Invalid totp', 'AB1050');
    ok(res, this.issueSession());
  }

  private generateTokens(res: ServerResponse, body: Record<string, unknown>): void {
    const refresh = String(body['refreshToken'] ?? '');
    if (!this.refreshTokens.has(refresh)) return fail(res, 'Invalid refresh token', 'AB8050');
    this.refreshTokens.delete(refresh);
    ok(res, this.issueSession());
  }

  private withinOrderLimits(path: string): boolean {
    const now = Date.now();
    const times = (this.calls.get(path) ?? []).filter((t) => now - t < 60_000);
    const lastSecond = times.filter((t) => now - t < 1000).length;
    if (lastSecond >= this.ordersPerSecond || times.length >= this.ordersPerMinute) return false;
    times.push(now);
    this.calls.set(path, times);
    return true;
  }

  private placeOrder(res: ServerResponse, body: Record<string, unknown>): void {
    const p = Object.fromEntries(
      Object.entries(body).map(([k, v]) => [k, v === undefined || v === null ? '' : String(v)]),
    );
    const missing = REQUIRED_ORDER_FIELDS.find((f) => !p[f]);
    if (missing) return fail(res, `Invalid ${missing}`, 'AB4000');
    if (!['NORMAL', 'STOPLOSS', 'AMO', 'ROBO'].includes(p['variety']!)) {
      return fail(res, 'Invalid Order Variety', 'AB1008');
    }
    if (!['INTRADAY', 'CARRYFORWARD', 'DELIVERY', 'MARGIN', 'BO'].includes(p['producttype']!)) {
      return fail(res, 'Invalid Product Type', 'AB1012');
    }
    const stoploss = p['ordertype']!.startsWith('STOPLOSS');
    if (stoploss !== (p['variety'] === 'STOPLOSS')) return fail(res, 'Invalid Order Variety', 'AB1008');
    const priced = p['ordertype'] === 'LIMIT' || p['ordertype'] === 'STOPLOSS_LIMIT';
    if (priced && !(Number(p['price']) > 0)) return fail(res, 'Invalid Price', 'AB4001');
    if (stoploss && !(Number(p['triggerprice']) > 0)) return fail(res, 'Invalid Trigger Price', 'AB4002');
    if ((p['ordertag'] ?? '').length > 20) {
      return fail(res, 'ordertag length should be less than 20 characters', 'AB4008');
    }
    const scrip = this.scrip(p['symboltoken']!, p['exchange']);
    if (!scrip || scrip.tradingsymbol !== p['tradingsymbol']) return fail(res, 'Symbol Not Found', 'AB1009');

    const now = angelTimestamp();
    const orderid = `25120${String(this.nextOrderId++).padStart(10, '0')}`;
    const order: FakeSmartApiOrder = {
      variety: p['variety']!,
      ordertype: p['ordertype']!,
      producttype: p['producttype']!,
      duration: p['duration']!,
      price: Number(p['price'] ?? 0),
      triggerprice: Number(p['triggerprice'] ?? 0),
      quantity: p['quantity']!,
      disclosedquantity: '0',
      squareoff: 0,
      stoploss: 0,
      trailingstoploss: 0,
      tradingsymbol: p['tradingsymbol']!,
      transactiontype: p['transactiontype'] as 'BUY' | 'SELL',
      exchange: p['exchange']!,
      symboltoken: p['symboltoken']!,
      ordertag: p['ordertag'] ?? '',
      instrumenttype: scrip.instrumenttype ?? '',
      strikeprice: scrip.strike ?? -1,
      optiontype: /CE$|PE$/.exec(scrip.tradingsymbol)?.[0] ?? '',
      expirydate: scrip.expiry ?? '',
      lotsize: String(scrip.lotsize ?? 1),
      cancelsize: '0',
      averageprice: 0,
      filledshares: '0',
      unfilledshares: p['quantity']!,
      orderid,
      text: '',
      status: stoploss ? 'trigger pending' : 'open',
      orderstatus: stoploss ? 'trigger pending' : 'open',
      updatetime: now,
      exchtime: now,
      exchorderupdatetime: now,
      fillid: '',
      filltime: '',
      parentorderid: '',
      uniqueorderid: randomUUID(),
    };
    this.orders.set(orderid, order);
    if (order.ordertype === 'MARKET') this.fill(orderid, Number(order.quantity), scrip.ltp);
    this.onOrderAccepted?.(order);
    ok(res, { script: order.tradingsymbol, orderid, uniqueorderid: order.uniqueorderid });
  }

  private modifyOrder(res: ServerResponse, body: Record<string, unknown>): void {
    const order = this.orders.get(String(body['orderid'] ?? ''));
    if (!order) return fail(res, 'Order not found', 'AB1013');
    if (order.status !== 'open' && order.status !== 'trigger pending') {
      return fail(res, `Order cannot be modified as it is ${order.status}`, 'AB2000');
    }
    const missing = [
      'variety',
      'ordertype',
      'producttype',
      'duration',
      'quantity',
      'tradingsymbol',
      'symboltoken',
      'exchange',
    ].find((f) => !body[f]);
    if (missing) return fail(res, `Invalid ${missing}`, 'AB4000');
    Object.assign(order, {
      ordertype: String(body['ordertype']),
      price: Number(body['price'] ?? order.price),
      triggerprice: Number(body['triggerprice'] ?? order.triggerprice),
      quantity: String(body['quantity']),
      unfilledshares: String(Number(body['quantity']) - Number(order.filledshares)),
      updatetime: angelTimestamp(),
    });
    ok(res, { orderid: order.orderid, uniqueorderid: order.uniqueorderid });
  }

  private cancelOrder(res: ServerResponse, body: Record<string, unknown>): void {
    const order = this.orders.get(String(body['orderid'] ?? ''));
    if (!order) return fail(res, 'Order not found', 'AB1013');
    if (!body['variety']) return fail(res, 'Invalid Order Variety', 'AB1008');
    if (order.status !== 'open' && order.status !== 'trigger pending') {
      return fail(res, `Order cannot be cancelled as it is ${order.status}`, 'AB2000');
    }
    Object.assign(order, {
      status: 'cancelled',
      orderstatus: 'cancelled',
      cancelsize: order.unfilledshares,
      unfilledshares: '0',
      updatetime: angelTimestamp(),
    });
    ok(res, { orderid: order.orderid, uniqueorderid: order.uniqueorderid });
  }

  private positions(): unknown[] | null {
    const byKey = new Map<
      string,
      { order: FakeSmartApiOrder; buy: number; sell: number; buyAmt: number; sellAmt: number }
    >();
    for (const t of this.trades) {
      const order = this.orders.get(t.orderid)!;
      const key = `${t.exchange}:${t.tradingsymbol}:${t.producttype}`;
      const p = byKey.get(key) ?? { order, buy: 0, sell: 0, buyAmt: 0, sellAmt: 0 };
      const qty = Number(t.fillsize);
      const amount = qty * Number(t.fillprice);
      if (t.transactiontype === 'BUY') {
        p.buy += qty;
        p.buyAmt += amount;
      } else {
        p.sell += qty;
        p.sellAmt += amount;
      }
      byKey.set(key, p);
    }
    if (byKey.size === 0) return null;
    return [...byKey.values()].map(({ order, buy, sell, buyAmt, sellAmt }) => {
      const net = buy - sell;
      const ltp = this.scrip(order.symboltoken)?.ltp ?? 0;
      const avg = net > 0 ? buyAmt / buy : net < 0 ? sellAmt / sell : 0;
      return {
        exchange: order.exchange,
        symboltoken: order.symboltoken,
        producttype: order.producttype,
        tradingsymbol: order.tradingsymbol,
        symbolname: order.tradingsymbol,
        instrumenttype: order.instrumenttype,
        buyqty: String(buy),
        sellqty: String(sell),
        buyamount: buyAmt.toFixed(2),
        sellamount: sellAmt.toFixed(2),
        buyavgprice: buy ? (buyAmt / buy).toFixed(2) : '0.00',
        sellavgprice: sell ? (sellAmt / sell).toFixed(2) : '0.00',
        avgnetprice: avg.toFixed(2),
        netqty: String(net),
        netprice: avg.toFixed(2),
        ltp: ltp.toFixed(2),
        realised: net === 0 ? (sellAmt - buyAmt).toFixed(2) : '0.00',
        unrealised: ((ltp - avg) * net).toFixed(2),
        lotsize: order.lotsize,
      };
    });
  }

  private quote(res: ServerResponse, body: Record<string, unknown>): void {
    const wanted = (body['exchangeTokens'] ?? {}) as Record<string, string[]>;
    const fetched: unknown[] = [];
    const unfetched: unknown[] = [];
    for (const [exchange, tokens] of Object.entries(wanted)) {
      for (const token of tokens) {
        const scrip = this.scrip(token, exchange);
        if (scrip) {
          fetched.push({ exchange, tradingSymbol: scrip.tradingsymbol, symbolToken: token, ltp: scrip.ltp });
        } else {
          unfetched.push({ exchange, symbolToken: token, message: 'Invalid Token', errorCode: 'AB1018' });
        }
      }
    }
    ok(res, { fetched, unfetched });
  }

  /** Flat candles at the last price, stamped in IST as Angel does. */
  private candles(res: ServerResponse, body: Record<string, unknown>): void {
    const scrip = this.scrip(String(body['symboltoken'] ?? ''), String(body['exchange'] ?? ''));
    if (!scrip) return fail(res, 'Symbol Not Found', 'AB1009');
    const step = INTERVAL_MS[String(body['interval'] ?? '')];
    if (!step) return fail(res, 'Invalid interval', 'AB4000');
    const from = istTextToMs(String(body['fromdate'] ?? ''));
    const to = istTextToMs(String(body['todate'] ?? ''));
    if (from === undefined || to === undefined) return fail(res, 'Invalid date format', 'AB4000');
    const rows: unknown[] = [];
    for (let t = from; t <= to; t += step) {
      rows.push([istIso(t), scrip.ltp, scrip.ltp, scrip.ltp, scrip.ltp, 1500]);
    }
    ok(res, rows);
  }

  /** The OpenAPIScripMaster.json shape: every field a string, strike and tick size in paise. */
  private scripMaster(): unknown[] {
    return this.scrips.map((s) => ({
      token: s.token,
      symbol: s.tradingsymbol,
      name: s.name ?? s.tradingsymbol,
      expiry: s.expiry ?? '',
      strike: ((s.strike ?? -0.01) * 100).toFixed(6),
      lotsize: String(s.lotsize ?? 1),
      instrumenttype: s.instrumenttype ?? '',
      exch_seg: s.exchange,
      tick_size: '5.000000',
    }));
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
  res.writeHead(status, { 'Content-Type': typeof body === 'string' ? 'text/plain' : 'application/json' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function ok(res: ServerResponse, data: unknown): void {
  send(res, 200, { status: true, message: 'SUCCESS', errorcode: '', data });
}

/** Business errors: HTTP 200 with `status:false`. */
function fail(res: ServerResponse, message: string, errorcode: string): void {
  send(res, 200, { status: false, message, errorcode, data: null });
}

const IST_MS = 330 * 60_000;

/** Angel's order-book stamp: "20-Oct-2020 13:10:59", IST. */
function angelTimestamp(at = Date.now()): string {
  const d = new Date(at + IST_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(
    d.getUTCMinutes(),
  )}:${pad(d.getUTCSeconds())}`;
}

/** "2021-02-10 09:15" (IST) → epoch ms. */
function istTextToMs(text: string): number | undefined {
  const ms = new Date(`${text.replace(' ', 'T')}:00+05:30`).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}

/** "2021-02-10T09:15:00+05:30" */
function istIso(ms: number): string {
  return `${new Date(ms + IST_MS).toISOString().slice(0, 19)}+05:30`;
}
