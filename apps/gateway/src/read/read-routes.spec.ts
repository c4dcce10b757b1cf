import { TICK, ticksStream } from '@dalal/contracts';
import { StreamPublisher } from '@dalal/bus';
import { waitFor } from '@dalal/testing';

import { startGateway, type GatewayHarness } from '../testing/gateway-harness';
import { seedBook, type SeededBook } from '../testing/seed-book';

describe('gateway read routes on a morning with one NIFTY CE bought', () => {
  let gw: GatewayHarness;
  let token: string;
  let book: SeededBook;
  beforeAll(async () => {
    gw = await startGateway();
    book = await seedBook(gw.prisma);
    token = await gw.login();
  }, 90_000);
  afterAll(async () => {
    await gw?.close();
  });

  const get = (path: string) => gw.call('GET', path, { token });

  it('lists the open position, marked at the last tick once one arrives', async () => {
    const before = await get('/api/v1/positions');
    expect(before.status).toBe(200);
    expect(before.body).toEqual([
      expect.objectContaining({
        id: book.positionId,
        strategyId: 'ema-nifty',
        instrument: 'NIFTY26D0825000CE',
        netQuantity: '75',
        averagePrice: '120.05',
        markPrice: null,
        unrealizedPnl: null,
      }),
    ]);
    await new StreamPublisher(gw.store, { source: 'market-data' }).publish(ticksStream(), TICK, {
      instrument: 'NIFTY26D0825000CE',
      exchange: 'NFO',
      ltp: '124.05',
      exchangeTs: '2026-12-02T04:05:00.000Z',
    });
    await waitFor(
      async () => (await get('/api/v1/positions')).body[0].markPrice === '124.05',
      'marked position',
    );
    const after = await get(`/api/v1/positions/${book.positionId}`);
    // (124.05 − 120.05) × 75, exactly.
    expect(after.body.unrealizedPnl).toBe('300');
  });

  it('pages orders filtered by status and IST day, and shows one with its events and fills', async () => {
    const filled = await get('/api/v1/orders?status=FILLED&day=2026-12-02&page=1&pageSize=10');
    expect(filled.status).toBe(200);
    expect(filled.body).toMatchObject({ total: 1, page: 1, pageSize: 10 });
    expect(filled.body.items[0]).toMatchObject({
      clientOrderId: 'c-1',
      state: 'FILLED',
      averagePrice: '120.05',
    });
    expect((await get('/api/v1/orders?status=OPEN')).body.total).toBe(0);
    expect((await get('/api/v1/orders?day=2026-12-01')).body.total).toBe(0);

    const detail = await get(`/api/v1/orders/${book.orderId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.events.map((e: { state: string }) => e.state)).toEqual([
      'PENDING_SUBMIT',
      'OPEN',
      'FILLED',
    ]);
    expect(detail.body.fills).toEqual([
      expect.objectContaining({ fillId: 'f-1', price: '120.05', charges: '21.43' }),
    ]);
  });

  it('answers 404 naming the id for an unknown order, position or strategy', async () => {
    for (const path of ['/api/v1/orders/999999', '/api/v1/positions/999999']) {
      const response = await get(path);
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ error: 'NOT_FOUND', field: 'id' });
    }
    const bars = await get('/api/v1/bars?exchange=NSE&instrument=NOPE&timeframe=1m');
    expect(bars).toMatchObject({ status: 404, body: { field: 'instrument' } });
  });

  it('refuses malformed queries with a 400 that names the field', async () => {
    const cases: Array<[string, string]> = [
      ['/api/v1/orders?status=DONE', 'status.0'],
      ['/api/v1/orders?day=02-12-2026', 'day'],
      ['/api/v1/orders?pageSize=100000', 'pageSize'],
      ['/api/v1/orders/abc', 'id'],
      ['/api/v1/orders?colour=red', '(body)'],
      ['/api/v1/bars?exchange=NSE&instrument=NIFTY%2050&timeframe=2m', 'timeframe'],
      ['/api/v1/signals?from=yesterday', 'from'],
      ['/api/v1/pnl?from=2026-13-45x', 'from'],
      ['/api/v1/alerts?severity=LOUD', 'severity'],
    ];
    for (const [path, field] of cases) {
      const response = await get(path);
      expect({ path, status: response.status }).toEqual({ path, status: 400 });
      expect(response.body.error).toBe('INVALID_INPUT');
      if (field !== '(body)') expect(response.body.field).toBe(field);
      expect(response.body.message).toContain(field === '(body)' ? 'colour' : field);
      expect(JSON.stringify(response.body)).not.toMatch(/ at .*\.ts:\d+/); // no stack
    }
  });

  it('lists trades, today’s P&L with its curve, signals with their verdicts, bars, alerts and sessions', async () => {
    expect((await get('/api/v1/trades?day=2026-12-02')).body.items).toEqual([
      expect.objectContaining({ fillId: 'f-1', side: 'BUY', quantity: '75' }),
    ]);

    const pnl = await get('/api/v1/pnl');
    expect(pnl.status).toBe(200);
    expect(pnl.body.days).toEqual([
      expect.objectContaining({ tradeDate: '2026-12-02', scope: 'ACCOUNT', charges: '21.43' }),
    ]);
    // Nothing closed yet: realized is minus today's charges only.
    expect(pnl.body.today.curve).toEqual([{ at: '2026-12-02T04:00:00.000Z', realized: '-21.43' }]);

    const signals = await get('/api/v1/signals?strategy=ema-nifty');
    expect(signals.body.items).toEqual([
      expect.objectContaining({
        intentId: 'i-1',
        rule: 'ce_entry',
        indicators: { ema10: 24990.5, ema20: 24970.25 },
        decision: expect.objectContaining({ approved: true }),
      }),
    ]);

    const bars = await get('/api/v1/bars?exchange=NSE&instrument=NIFTY%2050&timeframe=1m&limit=2');
    expect(bars.body.map((b: { close: string }) => b.close)).toEqual(['25001.5', '25002.5']); // exact decimals, trailing zeros dropped

    const alerts = await get('/api/v1/alerts?acknowledged=false&severity=CRITICAL');
    expect(alerts.body.items).toEqual([expect.objectContaining({ code: 'reconciliation_mismatch' })]);

    const sessions = await get('/api/v1/sessions');
    expect(sessions.body).toEqual([
      expect.objectContaining({
        broker: 'kite',
        accountId: 'AB1234',
        valid: true,
        expiresAt: '2026-12-03T00:30:00.000Z',
      }),
    ]);
    expect(JSON.stringify(sessions.body)).not.toContain('secret-access-token-value');
    expect(JSON.stringify(sessions.body)).not.toContain('Encrypted');
  });

  it('shows strategies with their parameters and the risk picture', async () => {
    const strategies = await get('/api/v1/strategies');
    expect(strategies.body).toEqual([
      expect.objectContaining({
        id: 'ema-nifty',
        strategyId: 'ema-mean-reversion',
        state: 'ACTIVE',
        enabled: true,
      }),
    ]);
    expect(strategies.body[0].description).toContain('EMA10');
    const risk = await get('/api/v1/risk');
    expect(risk.body).toMatchObject({
      tradeDate: '2026-12-02',
      account: { state: 'ACTIVE' },
      limits: [{ strategyInstanceId: 'ema-nifty', risk: { maxTradesPerDay: 3 } }],
    });
  });

  it('answers every read route with 401 and no hint without a valid token or key', async () => {
    const paths = [
      'positions',
      'orders',
      `orders/${book.orderId}`,
      'trades',
      'pnl',
      'risk',
      'strategies',
      'signals',
      'bars',
      'alerts',
      'sessions',
      'api-keys',
    ];
    for (const path of paths) {
      const credentials: Array<Record<string, string>> = [
        {},
        { authorization: 'Bearer nonsense' },
        { 'x-api-key': 'dk_0000000000000000_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' },
      ];
      for (const headers of credentials) {
        const response = await gw.call('GET', `/api/v1/${path}`, { headers });
        expect({ path, status: response.status }).toEqual({ path, status: 401 });
        expect(response.body).toMatchObject({ error: 'UNAUTHENTICATED', message: 'authentication required' });
      }
    }
  });
});
