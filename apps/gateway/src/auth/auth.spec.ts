import { startGateway, TEST_ADMIN, type GatewayHarness } from '../testing/gateway-harness';

describe('gateway auth', () => {
  let gw: GatewayHarness;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('logs the operator in with a short-lived access token and a refresh token', async () => {
    const { status, body } = await gw.call('POST', '/api/v1/auth/login', { body: TEST_ADMIN });
    expect(status).toBe(200);
    expect(body.tokenType).toBe('Bearer');
    expect(Date.parse(body.expiresAt) - gw.clock.now.getTime()).toBe(900_000);
    const positions = await gw.call('GET', '/api/v1/positions', { token: body.accessToken });
    expect(positions.status).toBe(200);
    expect(positions.body).toEqual([]);
  });
});
