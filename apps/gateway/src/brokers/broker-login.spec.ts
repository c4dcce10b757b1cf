import { smartApiTotp } from '@dalal/brokers';
import { controlStream } from '@dalal/contracts';
import { FakeKiteServer, FakeSmartApiServer } from '@dalal/fakes';
import { BrokerSessionsRepository, TokenCipher } from '@dalal/persistence';

import { startGateway, type GatewayHarness } from '../testing/gateway-harness';
import { TEST_TOKEN_KEY } from '../testing/seed-book';

describe('daily broker logins against the fake brokers', () => {
  const kite = new FakeKiteServer({
    apiKey: 'kite_key',
    apiSecret: 'kite_secret',
    requestToken: 'rt-123',
    accessToken: 'kite-day-token',
  });
  const smart = new FakeSmartApiServer({ apiKey: 'smart_key', clientCode: 'A123456', pin: '4321' });
  let gw: GatewayHarness;
  let token: string;
  beforeAll(async () => {
    await Promise.all([kite.start(), smart.start()]);
    gw = await startGateway({
      env: {
        KITE_API_KEY: 'kite_key',
        KITE_API_SECRET: 'kite_secret',
        KITE_API_ROOT: kite.url,
        KITE_LOGIN_URL: `${kite.url}/connect/login`,
        SMARTAPI_API_KEY: 'smart_key',
        SMARTAPI_ROOT: smart.url,
        TOKEN_ENCRYPTION_KEY: TEST_TOKEN_KEY,
      },
    });
    token = await gw.login();
  }, 90_000);
  afterAll(async () => {
    await gw?.close();
    await Promise.all([kite.stop(), smart.stop()]);
  });

  const sessions = () =>
    new BrokerSessionsRepository(gw.prisma, TokenCipher.fromEnv({ TOKEN_ENCRYPTION_KEY: TEST_TOKEN_KEY }));
  const renewals = async () =>
    (await gw.published(controlStream()))
      .map((e) => e.payload)
      .filter((p) => (p as { command: string }).command === 'BROKER_SESSION_RENEWED');

  it('Kite: redirect to the login page, callback exchanges the token with the checksum, stores it encrypted, announces it', async () => {
    const start = await gw.call('GET', '/api/v1/brokers/kite/login', { token });
    expect(start.status).toBe(302);
    const location = new URL(start.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(`${kite.url}/connect/login`);
    expect(location.searchParams.get('api_key')).toBe('kite_key');
    expect(location.searchParams.get('v')).toBe('3');
    const state = /^state=(.+)$/.exec(location.searchParams.get('redirect_params') ?? '')?.[1];
    expect(state).toBeDefined();

    // Kite sends the browser back with the request token and our redirect_params.
    const callback = await gw.call(
      'GET',
      `/api/v1/brokers/kite/callback?action=login&type=login&status=success&request_token=rt-123&state=${state}`,
    );
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toMatch(/^\/\?broker=kite&session=\d+$/);

    const exchange = kite.requests.find((r) => r.path === '/session/token');
    expect(exchange?.body).toMatchObject({ api_key: 'kite_key', request_token: 'rt-123' });

    const row = await gw.prisma.brokerSession.findFirstOrThrow({ where: { broker: 'kite' } });
    expect(row.accessTokenEncrypted).not.toContain('kite-day-token');
    // 05:00 UTC login (10:30 IST): valid until 06:00 IST tomorrow.
    expect(row.expiresAt?.toISOString()).toBe('2026-12-03T00:30:00.000Z');
    const current = await sessions().currentSession('kite', row.accountId, gw.clock.now);
    expect(current?.accessToken).toBe('kite-day-token');

    expect(await renewals()).toEqual([
      { command: 'BROKER_SESSION_RENEWED', issuedBy: 'admin', broker: 'kite', sessionId: String(row.id) },
    ]);
    const audit = await gw.prisma.auditLog.findFirstOrThrow({ where: { action: 'broker.login' } });
    expect(audit).toMatchObject({ actor: 'admin', target: `broker-session:${row.id}` });
    expect(JSON.stringify(audit.details)).not.toContain('kite-day-token');

    const listed = await gw.call('GET', '/api/v1/sessions', { token });
    expect(listed.body[0]).toMatchObject({ broker: 'kite', valid: true });
    expect(JSON.stringify(listed.body)).not.toContain('kite-day-token');
  });

  it('Kite: a callback without a live state, or a replayed one, stores nothing', async () => {
    const before = await gw.prisma.brokerSession.count();
    const forged = await gw.call(
      'GET',
      '/api/v1/brokers/kite/callback?status=success&request_token=rt-123&state=forged',
    );
    expect(forged.status).toBe(401);
    const missing = await gw.call('GET', '/api/v1/brokers/kite/callback?status=success&request_token=rt-123');
    expect(missing.status).toBe(401);

    const { body } = await gw.call('GET', '/api/v1/brokers/kite/login?format=json', { token });
    const state = new URL(body.url).searchParams.get('redirect_params')?.slice('state='.length);
    const cancelled = await gw.call('GET', `/api/v1/brokers/kite/callback?status=cancelled&state=${state}`);
    expect(cancelled).toMatchObject({ status: 502, body: { error: 'BROKER_LOGIN_FAILED' } });
    const replayed = await gw.call(
      'GET',
      `/api/v1/brokers/kite/callback?status=success&request_token=rt-123&state=${state}`,
    );
    expect(replayed.status).toBe(401);
    expect(await gw.prisma.brokerSession.count()).toBe(before);
  });

  it('Kite: a wrong request token is refused by Kite and reported as a failed login', async () => {
    const { body } = await gw.call('GET', '/api/v1/brokers/kite/login?format=json', { token });
    const state = new URL(body.url).searchParams.get('redirect_params')?.slice('state='.length);
    const response = await gw.call(
      'GET',
      `/api/v1/brokers/kite/callback?status=success&request_token=stale&state=${state}`,
    );
    expect(response).toMatchObject({ status: 502, body: { error: 'BROKER_LOGIN_FAILED' } });
  });

  it('SmartAPI: client code, PIN and the current TOTP give an encrypted session and a renewal', async () => {
    const wrongPin = await gw.call('POST', '/api/v1/brokers/smartapi/login', {
      token,
      body: { clientCode: 'A123456', pin: '0000', totp: smartApiTotp(smart.totpSecret) },
    });
    expect(wrongPin.status).toBe(502);
    const malformed = await gw.call('POST', '/api/v1/brokers/smartapi/login', {
      token,
      body: { clientCode: 'A123456', pin: '4321', totp: '12' },
    });
    expect(malformed).toMatchObject({ status: 400, body: { field: 'totp' } });

    const ok = await gw.call('POST', '/api/v1/brokers/smartapi/login', {
      token,
      body: { clientCode: 'A123456', pin: '4321', totp: smartApiTotp(smart.totpSecret) },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ broker: 'smartapi', accountId: 'A123456' });
    const current = await sessions().currentSession('smartapi', 'A123456', gw.clock.now);
    expect(current?.accessToken).toMatch(/^jwt-/);
    expect(current?.refreshToken).toMatch(/^refresh-/);
    expect((await renewals()).at(-1)).toMatchObject({ broker: 'smartapi', sessionId: ok.body.sessionId });
  });

  it('refuses to start a login without the operator’s token', async () => {
    expect((await gw.call('GET', '/api/v1/brokers/kite/login')).status).toBe(401);
    expect((await gw.call('POST', '/api/v1/brokers/smartapi/login', { body: {} })).status).toBe(401);
  });
});

describe('broker login without an encryption key', () => {
  it('is unavailable (503) rather than storing a token in clear', async () => {
    const gw = await startGateway({ env: { KITE_API_KEY: 'k', KITE_API_SECRET: 's' } });
    try {
      const token = await gw.login();
      const response = await gw.call('GET', '/api/v1/brokers/kite/login?format=json', { token });
      expect(response.status).toBe(200);
      const state = new URL(response.body.url).searchParams.get('redirect_params')?.slice('state='.length);
      const callback = await gw.call(
        'GET',
        `/api/v1/brokers/kite/callback?status=success&request_token=x&state=${state}`,
      );
      expect(callback).toMatchObject({ status: 503, body: { error: 'NOT_CONFIGURED' } });
      expect(callback.body.message).toContain('TOKEN_ENCRYPTION_KEY');
    } finally {
      await gw.close();
    }
  }, 120_000);
});
