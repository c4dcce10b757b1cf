import { randomBytes } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';

import { StreamPublisher } from '@dalal/bus';
import { BrokerError, exchangeKiteRequestToken, SmartApiClient } from '@dalal/brokers';
import { CONTROL_COMMAND, controlStream } from '@dalal/contracts';
import { registerSecretValue } from '@dalal/observability';
import { type BrokerSessionsRepository, ReadModelsRepository } from '@dalal/persistence';

import { AuditService } from '../audit/audit.service';
import { type CallContext } from '../auth/principal';
import { type GatewayConfig } from '../config';
import { GatewayError } from '../gateway-error';
import { BROKER_SESSIONS, GATEWAY_CLOCK, GATEWAY_CONFIG, type GatewayClock } from '../gateway.tokens';

export interface BrokerLoginResult {
  broker: 'kite' | 'smartapi';
  accountId: string;
  sessionId: string;
  expiresAt: string | null;
}

/** A Kite login started by an operator, waiting for Kite's redirect. */
interface PendingKiteLogin {
  caller: CallContext;
  expiresAt: number;
}

/** How long the operator has to finish Kite's login page. */
const KITE_LOGIN_WINDOW_MS = 10 * 60_000;
const SMARTAPI_LOGIN_PATH = '/rest/auth/angelbroking/user/v1/loginByPassword';

/** The `exp` of a JWT, without verifying it (Angel signs it; we only read when it ends), or null. */
function jwtExpiry(token: string): string | null {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      exp?: unknown;
    };
    return typeof payload.exp === 'number' ? new Date(payload.exp * 1000).toISOString() : null;
  } catch {
    return null;
  }
}

/**
 * The daily broker logins. Kite: the operator is sent to Kite's login page with a one-time `state`
 * (through Kite's `redirect_params`); Kite redirects back with a request token, which is exchanged (with
 * the API secret's checksum) for the day's access token. SmartAPI: client code, PIN and the current TOTP.
 * Either way the token is stored encrypted (AES-256-GCM) and only the session's row id is announced on
 * the control stream (BROKER_SESSION_RENEWED), so services reload it from Postgres.
 */
@Injectable()
export class BrokerLoginService {
  private readonly pendingKite = new Map<string, PendingKiteLogin>();

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(GATEWAY_CLOCK) private readonly clock: GatewayClock,
    private readonly read: ReadModelsRepository,
    private readonly publisher: StreamPublisher,
    private readonly audit: AuditService,
    /** Null without TOKEN_ENCRYPTION_KEY: tokens are never stored unencrypted. */
    @Inject(BROKER_SESSIONS) private readonly sessions: BrokerSessionsRepository | null,
  ) {}

  /** Kite's login URL for KITE_API_KEY, carrying a one-time state for the callback. */
  kiteLoginUrl(caller: CallContext): string {
    const apiKey = this.required('KITE_API_KEY');
    this.required('KITE_API_SECRET');
    const now = this.clock().getTime();
    for (const [state, pending] of this.pendingKite)
      if (pending.expiresAt <= now) this.pendingKite.delete(state);
    const state = randomBytes(18).toString('base64url');
    this.pendingKite.set(state, { caller, expiresAt: now + KITE_LOGIN_WINDOW_MS });
    const url = new URL(this.config.KITE_LOGIN_URL);
    url.searchParams.set('v', '3');
    url.searchParams.set('api_key', apiKey);
    url.searchParams.set('redirect_params', `state=${state}`);
    return url.toString();
  }

  async kiteCallback(query: {
    request_token?: string;
    status?: string;
    state?: string;
  }): Promise<BrokerLoginResult> {
    // The request log prints this URL: its one-time values are scrubbed like any token.
    registerSecretValue(query.request_token);
    registerSecretValue(query.state);
    const pending = query.state ? this.pendingKite.get(query.state) : undefined;
    if (!query.state || !pending || pending.expiresAt <= this.clock().getTime())
      throw new GatewayError('UNAUTHENTICATED', 'unknown or expired login; start again from the dashboard');
    this.pendingKite.delete(query.state);
    if (query.status !== 'success' || !query.request_token)
      throw new GatewayError(
        'BROKER_LOGIN_FAILED',
        `Kite login did not succeed (status ${query.status ?? 'missing'})`,
      );

    this.repository(); // without the key a login must be refused before Kite's one-time token is spent
    const now = this.clock();
    let session;
    try {
      session = await exchangeKiteRequestToken({
        apiKey: this.required('KITE_API_KEY'),
        apiSecret: this.required('KITE_API_SECRET'),
        requestToken: query.request_token,
        root: this.config.KITE_API_ROOT,
        now,
      });
    } catch (err) {
      throw this.brokerFailure('Kite', err);
    }
    return this.store(pending.caller, {
      broker: 'kite',
      accountId: session.userId,
      accessToken: session.accessToken,
      expiresAt: session.expiresAt,
    });
  }

  async smartApiLogin(
    credentials: { clientCode: string; pin: string; totp: string },
    caller: CallContext,
  ): Promise<BrokerLoginResult> {
    this.repository();
    registerSecretValue(credentials.pin);
    const client = new SmartApiClient({
      apiKey: this.required('SMARTAPI_API_KEY'),
      root: this.config.SMARTAPI_ROOT,
    });
    let data: { jwtToken: string; refreshToken: string };
    try {
      data = await client.request('POST', SMARTAPI_LOGIN_PATH, {
        clientcode: credentials.clientCode,
        password: credentials.pin,
        totp: credentials.totp,
      });
    } catch (err) {
      throw this.brokerFailure('SmartAPI', err);
    }
    return this.store(caller, {
      broker: 'smartapi',
      accountId: credentials.clientCode,
      accessToken: data.jwtToken,
      refreshToken: data.refreshToken,
      expiresAt: jwtExpiry(data.jwtToken),
    });
  }

  private async store(
    caller: CallContext,
    login: {
      broker: 'kite' | 'smartapi';
      accountId: string;
      accessToken: string;
      refreshToken?: string;
      expiresAt: string | null;
    },
  ): Promise<BrokerLoginResult> {
    // Scrubbed from every log line from now on, should anything ever print them.
    registerSecretValue(login.accessToken);
    registerSecretValue(login.refreshToken);
    await this.repository().saveSession({
      broker: login.broker,
      accountId: login.accountId,
      accessToken: login.accessToken,
      refreshToken: login.refreshToken,
      issuedAt: this.clock(),
      expiresAt: login.expiresAt ?? undefined,
    });
    const id = await this.read.latestBrokerSessionId(login.broker, login.accountId);
    const sessionId = String(id);
    await this.publisher.publish(controlStream(), CONTROL_COMMAND, {
      command: 'BROKER_SESSION_RENEWED',
      issuedBy: caller.principal.actor,
      broker: login.broker,
      sessionId,
    });
    await this.audit.record(caller, 'broker.login', `broker-session:${sessionId}`, {
      broker: login.broker,
      accountId: login.accountId,
      expiresAt: login.expiresAt,
    });
    return { broker: login.broker, accountId: login.accountId, sessionId, expiresAt: login.expiresAt };
  }

  private repository(): BrokerSessionsRepository {
    if (!this.sessions)
      throw new GatewayError(
        'NOT_CONFIGURED',
        'TOKEN_ENCRYPTION_KEY is not set: broker login is unavailable',
      );
    return this.sessions;
  }

  private required(name: 'KITE_API_KEY' | 'KITE_API_SECRET' | 'SMARTAPI_API_KEY'): string {
    const value = this.config[name];
    if (!value) throw new GatewayError('NOT_CONFIGURED', `${name} is not set: broker login is unavailable`);
    return value;
  }

  private brokerFailure(broker: string, err: unknown): GatewayError {
    // The broker's own words (never a token: the request carried none we would echo) for the operator.
    const reason =
      err instanceof BrokerError
        ? `${err.code}: ${err.message}`
        : err instanceof Error
          ? err.message
          : String(err);
    return new GatewayError('BROKER_LOGIN_FAILED', `${broker} refused the login (${reason})`);
  }
}
