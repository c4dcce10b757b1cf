import { startGateway, type GatewayHarness } from '../testing/gateway-harness';

describe('gateway HTTP edge', () => {
  let gw: GatewayHarness;
  let token: string;
  beforeAll(async () => {
    gw = await startGateway({ env: { CORS_ORIGINS: 'https://desk.example' } });
    token = await gw.login();
  }, 90_000);
  afterAll(async () => {
    await gw?.close();
  });

  it('answers health without auth: bus, database, market, trading state', async () => {
    const { status, body } = await gw.call('GET', '/api/v1/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'ok',
      bus: 'up',
      database: 'up',
      // 2026-12-02 05:00 UTC is 10:30 IST on a Wednesday: NSE is open.
      market: { exchange: 'NSE', open: true },
      tradingState: 'ACTIVE',
      services: [{ name: 'gateway', status: 'ok' }],
    });
  });

  it('sends security headers and a request id, keeping a sane one the caller gave', async () => {
    const plain = await gw.call('GET', '/api/v1/health');
    expect(plain.headers.get('x-content-type-options')).toBe('nosniff');
    expect(plain.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(plain.headers.get('x-powered-by')).toBeNull();
    expect(plain.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    const given = await gw.call('GET', '/api/v1/orders/999999', {
      token,
      headers: { 'x-request-id': 'trace-42' },
    });
    expect(given.headers.get('x-request-id')).toBe('trace-42');
    expect(given.body.requestId).toBe('trace-42');
    const hostile = await gw.call('GET', '/api/v1/health', { headers: { 'x-request-id': '<script>' } });
    expect(hostile.headers.get('x-request-id')).not.toBe('<script>');
  });

  it('keeps CORS closed except for configured origins', async () => {
    const stranger = await gw.call('OPTIONS', '/api/v1/positions', {
      headers: { origin: 'https://evil.example' },
    });
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    const desk = await gw.call('OPTIONS', '/api/v1/positions', {
      headers: { origin: 'https://desk.example', 'access-control-request-method': 'GET' },
    });
    expect(desk.status).toBe(204);
    expect(desk.headers.get('access-control-allow-origin')).toBe('https://desk.example');
  });

  it('refuses an oversized body (413) and malformed JSON (400) without a stack trace', async () => {
    const big = await fetch(`${gw.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'x'.repeat(200_000) }),
    });
    expect(big.status).toBe(413);
    const bigText = await big.text();
    expect(bigText).not.toMatch(/at .*\.(js|ts):\d+/);

    const broken = await fetch(`${gw.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username": "admin",',
    });
    expect(broken.status).toBe(400);
    expect(await broken.text()).not.toMatch(/at .*\.(js|ts):\d+/);
  });

  it('publishes OpenAPI 3 from the zod schemas, and the Swagger UI', async () => {
    const { status, body } = await gw.call('GET', '/api/v1/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/v1/auth/login',
      '/api/v1/positions',
      '/api/v1/orders/{id}',
      '/api/v1/kill-switch',
      '/api/v1/strategies/{id}',
      '/api/v1/health',
    ])
      expect(Object.keys(body.paths)).toContain(path);
    expect(Object.keys(body.paths)).not.toContain('/health'); // the service's own probe stays out
    // The login body comes from the zod schema: both fields required, no extra keys.
    const login = JSON.stringify(body.paths['/api/v1/auth/login'].post.requestBody);
    const schemaName = /#\/components\/schemas\/(\w+)/.exec(login)?.[1];
    const schema = body.components.schemas[schemaName ?? ''];
    expect(schema.required).toEqual(['username', 'password']);
    expect(schema.additionalProperties).toBe(false);
    const orders = body.paths['/api/v1/orders'].get.parameters.map((p: { name: string }) => p.name);
    expect(orders).toEqual(expect.arrayContaining(['status', 'strategy', 'day', 'page', 'pageSize']));

    const docs = await fetch(`${gw.url}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger-ui');
  });

  it('answers an unknown route with a plain 404', async () => {
    const response = await gw.call('GET', '/api/v1/nope', { token });
    expect(response.status).toBe(404);
  });
});
