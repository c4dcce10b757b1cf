import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startGateway, TEST_ADMIN, type GatewayHarness } from '../testing/gateway-harness';

describe('gateway login', () => {
  let gw: GatewayHarness;
  beforeAll(async () => {
    gw = await startGateway({
      env: { LOGIN_MAX_FAILURES: '3', LOGIN_LOCKOUT_SECONDS: '600', LOGIN_RATE_PER_MINUTE: '1000' },
    });
  }, 90_000);
  afterAll(async () => {
    await gw?.close();
  });

  const login = (body: unknown, headers?: Record<string, string>) =>
    gw.call('POST', '/api/v1/auth/login', { body, headers });

  it('gives a 15-minute access token and a refresh token that works once', async () => {
    const { status, body } = await login(TEST_ADMIN);
    expect(status).toBe(200);
    expect(body.tokenType).toBe('Bearer');
    expect(Date.parse(body.expiresAt) - gw.clock.now.getTime()).toBe(900_000);
    expect((await gw.call('GET', '/api/v1/positions', { token: body.accessToken })).status).toBe(200);

    // A refresh token is not an access token, nor the other way round.
    expect((await gw.call('GET', '/api/v1/positions', { token: body.refreshToken })).status).toBe(401);
    const wrongKind = await gw.call('POST', '/api/v1/auth/refresh', {
      body: { refreshToken: body.accessToken },
    });
    expect(wrongKind.status).toBe(401);

    const refreshed = await gw.call('POST', '/api/v1/auth/refresh', {
      body: { refreshToken: body.refreshToken },
    });
    expect(refreshed.status).toBe(200);
    expect((await gw.call('GET', '/api/v1/positions', { token: refreshed.body.accessToken })).status).toBe(
      200,
    );
    const replayed = await gw.call('POST', '/api/v1/auth/refresh', {
      body: { refreshToken: body.refreshToken },
    });
    expect(replayed.status).toBe(401);
  });

  it('expires the access token after 15 minutes', async () => {
    const { body } = await login(TEST_ADMIN);
    gw.clock.now = new Date(gw.clock.now.getTime() + 901_000);
    expect((await gw.call('GET', '/api/v1/positions', { token: body.accessToken })).status).toBe(401);
  });

  it('says the same thing for a wrong user name and a wrong password', async () => {
    const wrongUser = await login(
      { username: 'root', password: TEST_ADMIN.password },
      { 'x-forwarded-for': '1' },
    );
    const wrongPassword = await login({ username: 'admin', password: 'guess' });
    expect(wrongUser.status).toBe(401);
    expect(wrongPassword.status).toBe(401);
    expect(wrongUser.body.message).toBe(wrongPassword.body.message);
    await login(TEST_ADMIN); // a success clears the count
  });

  it('refuses a malformed login body naming the field', async () => {
    const response = await login({ username: 'admin' });
    expect(response).toMatchObject({ status: 400, body: { error: 'INVALID_INPUT', field: 'password' } });
  });

  it('locks the user out after repeated failures, even with the right password, until the lock expires', async () => {
    for (let i = 0; i < 3; i++)
      expect((await login({ username: 'admin', password: `wrong-${i}` })).status).toBe(401);
    const locked = await login(TEST_ADMIN);
    expect(locked.status).toBe(429);
    expect(locked.body.error).toBe('LOCKED_OUT');
    expect(Number(locked.headers.get('retry-after'))).toBe(600);

    gw.clock.now = new Date(gw.clock.now.getTime() + 601_000);
    expect((await login(TEST_ADMIN)).status).toBe(200);
  });
});

describe('gateway login rate limit', () => {
  it('throttles login attempts per client beyond LOGIN_RATE_PER_MINUTE', async () => {
    const gw = await startGateway({ env: { LOGIN_RATE_PER_MINUTE: '4', LOGIN_MAX_FAILURES: '100' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++)
        statuses.push(
          (await gw.call('POST', '/api/v1/auth/login', { body: { username: 'admin', password: 'x' } }))
            .status,
        );
      expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
      // Other routes are counted by the API-wide limit only.
      expect((await gw.call('GET', '/api/v1/health')).status).toBe(200);
    } finally {
      await gw.close();
    }
  }, 120_000);
});

describe('gateway first start without a configured password', () => {
  it('generates one, prints it once, keeps only its scrypt hash, and accepts it after a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dalal-gateway-first-'));
    try {
      const first = await startGateway({ adminPassword: null, dataDir });
      const [line] = first.announced;
      const password = /: (\S+)\n/.exec(line ?? '')?.[1];
      expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
      await first.close();

      const hashFile = join(dataDir, 'gateway', 'admin-password.hash');
      const stored = readFileSync(hashFile, 'utf8');
      expect(stored).toMatch(/^scrypt\$32768\$8\$1\$/);
      expect(stored).not.toContain(password);
      expect(statSync(hashFile).mode & 0o777).toBe(0o600);

      const second = await startGateway({ adminPassword: null, dataDir });
      try {
        expect(second.announced).toEqual([]);
        const ok = await second.call('POST', '/api/v1/auth/login', { body: { username: 'admin', password } });
        expect(ok.status).toBe(200);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
