import { createHmac } from 'node:crypto';

import { BrokerError } from '../broker-error';
import { classifyBinanceError } from './binance-errors';

export const BINANCE_SPOT_TESTNET = 'https://testnet.binance.vision';

export interface BinanceClientOptions {
  apiKey: string;
  apiSecret: string;
  /** REST root; the spot testnet by default, the fake server's URL in tests. */
  baseUrl?: string;
  /** How stale a signed request may arrive (Binance: default 5000, max 60000 ms). */
  recvWindowMs?: number;
  timeoutMs?: number;
  /** Request weight per window (spot: 6000 a minute) and the window; we pause before reaching it. */
  weightLimit?: number;
  weightWindowMs?: number;
  /** New orders per window (spot: 50 per 10 s) and the window. */
  orderLimit?: number;
  orderWindowMs?: number;
  /** Share of each limit we use before pausing until the window rolls over. */
  headroom?: number;
  /** Injected for tests; wall clock and timers by default. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Slack after a window boundary: our offset estimate is good to a few milliseconds on a LAN. */
const WINDOW_MARGIN_MS = 25;

export type BinanceParams = Record<string, string | number | undefined>;

export interface BinanceRequest {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  params?: BinanceParams;
  /** The endpoint's request weight, charged against our local view of the minute's budget. */
  weight: number;
  signed?: boolean;
  /** A new order: also counted against the order-count window. */
  order?: boolean;
}

/** What the client has learned from Binance's headers, for metrics and tests. */
export interface BinanceUsage {
  usedWeight: number;
  orderCount10s: number;
  orderCount1d: number;
  /** Milliseconds the server clock is ahead of ours. */
  offsetMs: number;
  pauses: number;
  timeSyncs: number;
}

interface Window {
  index: number;
  used: number;
}

/** HMAC-SHA256 of the exact parameter string, hex: Binance's SIGNED-endpoint signature. */
export function signBinance(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

/** `k=v&…` in the given order, percent-encoded; the signature is computed over exactly this text. */
export function encodeBinanceParams(params: BinanceParams): string {
  return Object.entries(params)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
}

/**
 * A thin fetch client for the Binance spot REST API (there is no official JS client worth the weight).
 * It signs requests, keeps the server-time offset (measured from /api/v3/time, re-measured after a
 * -1021 and the request sent once more: -1021 means Binance refused it unprocessed), and paces itself
 * on the `X-MBX-USED-WEIGHT-1M` and `X-MBX-ORDER-COUNT-10S` headers so it waits for the next window rather
 * than be refused; after a 429/418 it sends nothing until `Retry-After` has passed (ignoring it gets the
 * IP banned).
 */
export class BinanceClient {
  private readonly baseUrl: string;
  private readonly recvWindowMs: number;
  private readonly timeoutMs: number;
  private readonly weightLimit: number;
  private readonly weightWindowMs: number;
  private readonly orderLimit: number;
  private readonly orderWindowMs: number;
  private readonly headroom: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private offsetMs = 0;
  private timeSynced = false;
  private weight: Window = { index: -1, used: 0 };
  private orders: Window = { index: -1, used: 0 };
  private orderCount1d = 0;
  private blockedUntil = 0;
  private pauses = 0;
  private timeSyncs = 0;

  constructor(private readonly options: BinanceClientOptions) {
    this.baseUrl = (options.baseUrl ?? BINANCE_SPOT_TESTNET).replace(/\/$/, '');
    this.recvWindowMs = options.recvWindowMs ?? 5000;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.weightLimit = options.weightLimit ?? 6000;
    this.weightWindowMs = options.weightWindowMs ?? 60_000;
    this.orderLimit = options.orderLimit ?? 50;
    this.orderWindowMs = options.orderWindowMs ?? 10_000;
    this.headroom = options.headroom ?? 0.9;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  get usage(): BinanceUsage {
    return {
      usedWeight: this.weight.used,
      orderCount10s: this.orders.used,
      orderCount1d: this.orderCount1d,
      offsetMs: this.offsetMs,
      pauses: this.pauses,
      timeSyncs: this.timeSyncs,
    };
  }

  /** Measures the server-time offset, taking our clock at the middle of the round trip. */
  async syncTime(): Promise<number> {
    const sent = this.now();
    const { serverTime } = await this.send<{ serverTime: number }>({
      method: 'GET',
      path: '/api/v3/time',
      weight: 1,
    });
    const received = this.now();
    this.offsetMs = serverTime - Math.round((sent + received) / 2);
    this.timeSynced = true;
    this.timeSyncs++;
    return this.offsetMs;
  }

  async request<T>(request: BinanceRequest): Promise<T> {
    if (!request.signed) return this.send<T>(request);
    if (!this.timeSynced) await this.syncTime();
    try {
      return await this.send<T>(request);
    } catch (err) {
      if (!(err instanceof BrokerError) || err.brokerType !== '-1021') throw err;
      await this.syncTime();
      return this.send<T>(request);
    }
  }

  private async send<T>(request: BinanceRequest): Promise<T> {
    await this.pace(request);
    let payload = encodeBinanceParams(request.params ?? {});
    if (request.signed) {
      const stamp = `recvWindow=${this.recvWindowMs}&timestamp=${Math.round(this.now() + this.offsetMs)}`;
      payload = payload ? `${payload}&${stamp}` : stamp;
      payload = `${payload}&signature=${signBinance(this.options.apiSecret, payload)}`;
    }
    const inBody = request.method === 'POST';
    const url = `${this.baseUrl}${request.path}${!inBody && payload ? `?${payload}` : ''}`;
    const headers: Record<string, string> = {};
    if (request.signed) headers['X-MBX-APIKEY'] = this.options.apiKey;
    if (inBody) headers['Content-Type'] = 'application/x-www-form-urlencoded';

    let status: number;
    let text: string;
    try {
      const res = await fetch(url, {
        method: request.method,
        headers,
        body: inBody ? payload : undefined,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = res.status;
      this.readLimits(res.headers, status);
      text = await res.text();
    } catch (err) {
      throw new BrokerError(
        'NETWORK',
        'binance',
        `${request.method} ${request.path} failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    const body = parseJson(text);
    if (status < 200 || status >= 300) throw classifyBinanceError(status, body);
    return body as T;
  }

  private async pace(request: BinanceRequest): Promise<void> {
    if (this.now() < this.blockedUntil) {
      throw new BrokerError(
        'RATE_LIMITED',
        'binance',
        `not sending until ${new Date(this.blockedUntil).toISOString()} (Retry-After)`,
        'Retry-After',
      );
    }
    await this.reserve(this.weight, this.weightWindowMs, request.weight, this.weightLimit);
    if (request.order) await this.reserve(this.orders, this.orderWindowMs, 1, this.orderLimit);
  }

  /** Waits for the window in which `cost` fits under the limit's headroom, then books it. */
  private async reserve(window: Window, windowMs: number, cost: number, limit: number): Promise<void> {
    const budget = Math.max(cost, Math.floor(limit * this.headroom));
    for (;;) {
      const serverNow = this.now() + this.offsetMs;
      const index = Math.floor(serverNow / windowMs);
      if (window.index !== index) {
        window.index = index;
        window.used = 0;
      }
      if (window.used + cost <= budget) {
        window.used += cost;
        return;
      }
      this.pauses++;
      // Binance's windows are fixed intervals of its own clock: wait for the next one to start.
      await this.sleep((index + 1) * windowMs - serverNow + WINDOW_MARGIN_MS);
    }
  }

  private readLimits(headers: Headers, status: number): void {
    const index = (windowMs: number) => Math.floor((this.now() + this.offsetMs) / windowMs);
    const weight = Number(headers.get('x-mbx-used-weight-1m'));
    if (headers.has('x-mbx-used-weight-1m') && Number.isFinite(weight)) {
      // The header counts every request from our IP, but not ours still in flight: keep the larger.
      const now = index(this.weightWindowMs);
      this.weight = {
        index: now,
        used: this.weight.index === now ? Math.max(this.weight.used, weight) : weight,
      };
    }
    const orders = Number(headers.get('x-mbx-order-count-10s'));
    if (headers.has('x-mbx-order-count-10s') && Number.isFinite(orders)) {
      const now = index(this.orderWindowMs);
      this.orders = {
        index: now,
        used: this.orders.index === now ? Math.max(this.orders.used, orders) : orders,
      };
    }
    const daily = Number(headers.get('x-mbx-order-count-1d'));
    if (Number.isFinite(daily) && headers.has('x-mbx-order-count-1d')) this.orderCount1d = daily;
    if (status === 429 || status === 418) {
      const seconds = Number(headers.get('retry-after'));
      this.blockedUntil = this.now() + (Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000);
    }
  }
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
