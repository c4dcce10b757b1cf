import { createHash } from 'node:crypto';

import { startGateway, type GatewayHarness } from '../testing/gateway-harness';

describe('gateway API keys for scripts', () => {
  let gw: GatewayHarness;
  let token: string;
  beforeAll(async () => {
    gw = await startGateway();
    token = await gw.login();
  }, 90_000);
  afterAll(async () => {
    await gw?.close();
  });

  it('creates a key shown once, stored only as its hash, that authenticates X-API-Key until revoked', async () => {
    const created = await gw.call('POST', '/api/v1/api-keys', { token, body: { name: 'nightly report' } });
    expect(created.status).toBe(201);
    const { key, id } = created.body as { key: string; id: string };
    expect(key).toMatch(/^dk_[0-9a-f]{16}_[A-Za-z0-9_-]{32}$/);

    const row = await gw.prisma.apiKey.findUniqueOrThrow({ where: { id } });
    expect(row.keyHash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(key.slice(11));

    const listed = await gw.call('GET', '/api/v1/api-keys', { token });
    expect(listed.body).toEqual([expect.objectContaining({ id, name: 'nightly report', revokedAt: null })]);
    expect(JSON.stringify(listed.body)).not.toContain(key.slice(11));

    const viaKey = await gw.call('GET', '/api/v1/positions', { headers: { 'x-api-key': key } });
    expect(viaKey.status).toBe(200);
    expect((await gw.prisma.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt).not.toBeNull();

    // A script's own actions are audited under its key.
    await gw.call('POST', '/api/v1/trading/stop', { headers: { 'x-api-key': key }, body: {} });
    expect((await gw.prisma.auditLog.findFirst({ where: { action: 'trading.stop' } }))?.actor).toBe(
      `api-key:${id}`,
    );

    const revoked = await gw.call('DELETE', `/api/v1/api-keys/${id}`, { token });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    expect((await gw.call('GET', '/api/v1/positions', { headers: { 'x-api-key': key } })).status).toBe(401);

    const actions = await gw.prisma.auditLog.findMany({
      where: { target: `api-key:${id}` },
      orderBy: { id: 'asc' },
    });
    expect(actions.map((a) => [a.actor, a.action])).toEqual([
      ['admin', 'api_key.create'],
      ['admin', 'api_key.revoke'],
    ]);
  });

  it('answers 404 for revoking an unknown key and 400 for a malformed id or name', async () => {
    expect((await gw.call('DELETE', '/api/v1/api-keys/0123456789abcdef', { token })).status).toBe(404);
    expect(await gw.call('DELETE', '/api/v1/api-keys/nope', { token })).toMatchObject({
      status: 400,
      body: { field: 'id' },
    });
    expect(await gw.call('POST', '/api/v1/api-keys', { token, body: { name: '' } })).toMatchObject({
      status: 400,
      body: { field: 'name' },
    });
  });
});
