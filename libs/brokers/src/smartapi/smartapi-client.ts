import { BrokerError } from '../broker-error';
import { classifySmartApiError, type SmartApiEnvelope } from './smartapi-errors';

export const SMARTAPI_ROOT = 'https://apiconnect.angelone.in';

export interface SmartApiClientOptions {
  apiKey: string;
  /** API root; the fake server's URL in tests. */
  root?: string;
  timeoutMs?: number;
  /** Sent as X-ClientLocalIP / X-ClientPublicIP / X-MACAddress, which Angel asks for. */
  localIp?: string;
  publicIp?: string;
  macAddress?: string;
  /**
   * Minimum spacing of calls to the endpoints Angel allows once a second (order book, trade book,
   * positions, holdings); 0 turns the pacing off.
   */
  bookSpacingMs?: number;
  /** Called when Angel says the session is gone, so the service can block and alert. */
  onTokenExpired?: () => void;
}

/** Angel's once-a-second endpoints (topic 4387): we space calls instead of being refused. */
const ONCE_A_SECOND = [
  '/order/v1/getOrderBook',
  '/order/v1/getTradeBook',
  '/order/v1/getPosition',
  '/portfolio/v1/getHolding',
  '/portfolio/v1/getAllHolding',
];

/**
 * A thin fetch client for SmartAPI REST. We do not use `smartapi-javascript`'s `SmartAPI`, though its
 * `root` option would point it at a fake, because:
 * - its constructor looks up the public IP (`public-ip`) in a floating async function; offline that
 *   rejects about 7 s later ("Couldn't find your IP") as an unhandled rejection, which kills a Node 20
 *   process;
 * - its winston logger appends every failed request, headers and body included, to `./error.log`: the
 *   PIN and TOTP of a failed login, the JWT and the API key end up on disk in plain text;
 * - its axios interceptor resolves transport failures to `{}` and HTTP errors to `{status: 503, ...}`,
 *   a truthy `status` its own `generateSession` takes for success.
 * This client sends the same paths, headers and JSON bodies and accepts both failure envelopes.
 */
export class SmartApiClient {
  jwtToken?: string;
  private readonly root: string;
  private readonly lastCall = new Map<string, number>();

  constructor(private readonly options: SmartApiClientOptions) {
    this.root = (options.root ?? SMARTAPI_ROOT).replace(/\/$/, '');
  }

  /** Calls an endpoint and returns the envelope's `data`, or throws a classified BrokerError. */
  async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    await this.space(path);
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      'X-UserType': 'USER',
      'X-SourceID': 'WEB',
      'X-ClientLocalIP': this.options.localIp ?? '127.0.0.1',
      'X-ClientPublicIP': this.options.publicIp ?? '127.0.0.1',
      'X-MACAddress': this.options.macAddress ?? '00:00:00:00:00:00',
      'X-PrivateKey': this.options.apiKey,
    };
    if (this.jwtToken) headers['Authorization'] = `Bearer ${this.jwtToken}`;

    let status: number;
    let text: string;
    try {
      const res = await fetch(`${this.root}${path}`, {
        method,
        headers,
        body: method === 'POST' ? JSON.stringify(body ?? {}) : undefined,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 7000),
      });
      status = res.status;
      text = await res.text();
    } catch (err) {
      throw new BrokerError(
        'NETWORK',
        'smartapi',
        `${method} ${path} failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    const envelope = parseJson(text);
    const ok =
      status >= 200 &&
      status < 300 &&
      typeof envelope === 'object' &&
      envelope !== null &&
      ((envelope as SmartApiEnvelope).status === true || (envelope as SmartApiEnvelope).success === true);
    if (ok) return (envelope as SmartApiEnvelope).data as T;

    const error = classifySmartApiError(status, envelope);
    if (error.code === 'TOKEN_EXPIRED' && this.jwtToken) this.options.onTokenExpired?.();
    throw error;
  }

  private async space(path: string): Promise<void> {
    const spacing = this.options.bookSpacingMs ?? 1000;
    const key = ONCE_A_SECOND.find((p) => path.endsWith(p));
    if (!key || spacing <= 0) return;
    const wait = (this.lastCall.get(key) ?? 0) + spacing - Date.now();
    this.lastCall.set(key, Date.now() + Math.max(wait, 0));
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
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
