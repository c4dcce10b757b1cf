import { controlStream, intentsStream } from '@dalal/contracts';

import { startGateway, type GatewayHarness } from '../testing/gateway-harness';
import { seedBook, type SeededBook } from '../testing/seed-book';

describe('gateway steering routes', () => {
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

  const post = (path: string, body: unknown = {}) => gw.call('POST', path, { token, body });
  const commands = async () =>
    (await gw.published(controlStream())).map((e) => e.payload as { command: string });
  const audit = (action: string) =>
    gw.prisma.auditLog.findMany({ where: { action }, orderBy: { id: 'asc' } });
  const accountState = async () =>
    (await gw.prisma.tradingStateChange.findFirst({ where: { scope: 'ACCOUNT' }, orderBy: { id: 'desc' } }))
      ?.state;

  it('kill switch: refuses without confirm, then writes HALTED before announcing KILL_SWITCH, audited', async () => {
    const unconfirmed = await post('/api/v1/kill-switch', { reason: 'market gapped' });
    expect(unconfirmed).toMatchObject({ status: 400, body: { field: 'confirm' } });
    expect(await accountState()).toBeUndefined();
    expect(await commands()).toEqual([]);

    const engaged = await post('/api/v1/kill-switch', { confirm: true, reason: 'market gapped' });
    expect(engaged.status).toBe(200);
    expect(engaged.body).toMatchObject({ state: 'HALTED', actor: 'admin', reason: 'market gapped' });
    expect(await accountState()).toBe('HALTED');
    expect(await commands()).toEqual([
      { command: 'KILL_SWITCH', issuedBy: 'admin', reason: 'market gapped' },
    ]);
    const [row] = await audit('kill_switch.engage');
    expect(row).toMatchObject({
      actor: 'admin',
      target: 'ACCOUNT',
      details: { reason: 'market gapped' },
      ipAddress: expect.any(String),
    });
  });

  it('while halted, start is refused (409) and re-arm refuses open positions unless forced', async () => {
    const start = await post('/api/v1/trading/start', { mode: 'paper', strategies: [] });
    expect(start.status).toBe(409);
    expect(start.body.message).toContain('re-arm');

    const rearm = await post('/api/v1/kill-switch/rearm', { confirm: true });
    expect(rearm.status).toBe(409);
    expect(rearm.body.message).toContain('NIFTY26D0825000CE');
    expect(await accountState()).toBe('HALTED');

    const forced = await post('/api/v1/kill-switch/rearm', {
      confirm: true,
      force: true,
      reason: 'checked by hand',
    });
    expect(forced.status).toBe(200);
    expect(await accountState()).toBe('ACTIVE');
    expect((await commands()).at(-1)).toEqual({ command: 'REARM', issuedBy: 'admin' });
    expect(await audit('kill_switch.rearm')).toHaveLength(1);

    const again = await post('/api/v1/kill-switch/rearm', { confirm: true });
    expect(again.status).toBe(409);
  });

  it('stop puts the account in REDUCING and stops each enabled strategy; start sets mode and starts strategies', async () => {
    const stop = await post('/api/v1/trading/stop', { reason: 'lunch' });
    expect(stop).toMatchObject({ status: 200, body: { state: 'REDUCING' } });
    expect((await commands()).at(-1)).toEqual({
      command: 'STOP_STRATEGY',
      issuedBy: 'admin',
      strategyId: 'ema-nifty',
    });

    const unknown = await post('/api/v1/trading/start', { mode: 'paper', strategies: ['ema-nifty', 'nope'] });
    expect(unknown).toMatchObject({ status: 404, body: { field: 'strategies.1' } });
    const badMode = await post('/api/v1/trading/start', { mode: 'backtest' });
    expect(badMode).toMatchObject({ status: 400, body: { field: 'mode' } });

    const start = await post('/api/v1/trading/start', { mode: 'paper', strategies: ['ema-nifty'] });
    expect(start).toMatchObject({ status: 200, body: { state: 'ACTIVE', started: ['ema-nifty'] } });
    expect((await commands()).slice(-2)).toEqual([
      { command: 'SET_MODE', issuedBy: 'admin', mode: 'paper' },
      { command: 'START_STRATEGY', issuedBy: 'admin', strategyId: 'ema-nifty' },
    ]);
    expect((await audit('trading.start'))[0]?.details).toEqual({ mode: 'paper', strategies: ['ema-nifty'] });
    expect(await audit('trading.stop')).toHaveLength(1);
  });

  it('PATCH strategy validates parameters against the strategy’s own schema', async () => {
    const path = `/api/v1/strategies/${book.strategyInstanceId}`;
    const unknownParam = await gw.call('PATCH', path, { token, body: { params: { emaFastt: 9 } } });
    expect(unknownParam).toMatchObject({ status: 400, body: { field: 'params' } });
    expect(unknownParam.body.message).toContain('emaFastt');

    const empty = await gw.call('PATCH', path, { token, body: {} });
    expect(empty.status).toBe(400);
    const missing = await gw.call('PATCH', '/api/v1/strategies/nope', { token, body: { enabled: false } });
    expect(missing).toMatchObject({ status: 404, body: { field: 'id' } });

    const disabled = await gw.call('PATCH', path, { token, body: { enabled: false } });
    expect(disabled).toMatchObject({ status: 200, body: { enabled: false } });
    expect((await commands()).at(-1)).toEqual({
      command: 'STOP_STRATEGY',
      issuedBy: 'admin',
      strategyId: 'ema-nifty',
    });
    const row = await gw.prisma.strategyInstance.findUniqueOrThrow({ where: { id: 'ema-nifty' } });
    expect(row.enabled).toBe(false);
    expect((await audit('strategy.update')).at(-1)?.details).toEqual({ enabled: false });
  });

  it('exits a position with a market EXIT intent of its strategy, through risk', async () => {
    const exit = await post(`/api/v1/positions/${book.positionId}/exit`, { reason: 'target hit by eye' });
    expect(exit.status).toBe(202);
    const intents = await gw.published(intentsStream());
    expect(intents.at(-1)?.payload).toMatchObject({
      intentId: exit.body.intentId,
      strategyId: 'ema-nifty',
      action: 'EXIT',
      legs: [
        {
          instrument: 'NIFTY26D0825000CE',
          exchange: 'NFO',
          side: 'SELL',
          quantity: 75,
          orderType: 'MARKET',
          product: 'MIS',
        },
      ],
    });
    expect((await audit('position.exit'))[0]?.target).toBe(`position:${book.positionId}`);
    expect((await post('/api/v1/positions/999999/exit')).status).toBe(404);
  });

  it('publishes a manual order as a "manual" strategy intent, refusing a malformed leg', async () => {
    const bad = await post('/api/v1/orders', {
      mode: 'paper',
      action: 'ENTER',
      legs: [
        {
          instrument: 'NIFTY26D0825000PE',
          exchange: 'NFO',
          side: 'BUY',
          quantity: 75,
          orderType: 'LIMIT',
          product: 'MIS',
        },
      ],
    });
    expect(bad).toMatchObject({ status: 400, body: { field: 'legs.0.price' } });
    const before = (await gw.published(intentsStream())).length;

    const placed = await post('/api/v1/orders', {
      mode: 'paper',
      action: 'ENTER',
      legs: [
        {
          instrument: 'NIFTY26D0825000PE',
          exchange: 'NFO',
          side: 'BUY',
          quantity: 75,
          orderType: 'LIMIT',
          price: '98.5',
          product: 'MIS',
        },
      ],
    });
    expect(placed.status).toBe(202);
    const intents = await gw.published(intentsStream());
    expect(intents).toHaveLength(before + 1);
    expect(intents.at(-1)?.payload).toMatchObject({
      strategyId: 'manual',
      action: 'ENTER',
      legs: [{ price: '98.5' }],
    });
    expect((await audit('order.manual'))[0]?.details).toEqual({
      action: 'ENTER',
      legs: ['BUY 75 NFO:NIFTY26D0825000PE LIMIT'],
    });
  });

  it('acknowledges a reconciliation alert and tells execution it may resume', async () => {
    const ack = await post(`/api/v1/alerts/${book.reconciliationAlertId}/acknowledge`, {
      note: 'broker fixed',
    });
    expect(ack).toMatchObject({ status: 200, body: { acknowledgedBy: 'admin' } });
    expect((await commands()).at(-1)).toEqual({
      command: 'ACK_RECONCILIATION',
      issuedBy: 'admin',
      alertId: String(book.reconciliationAlertId),
    });
    expect((await post(`/api/v1/alerts/${book.reconciliationAlertId}/acknowledge`)).status).toBe(409);
    expect((await post('/api/v1/alerts/999999/acknowledge')).status).toBe(404);

    const commandsBefore = (await commands()).length;
    expect((await post(`/api/v1/alerts/${book.alertId}/acknowledge`)).status).toBe(200);
    expect(await commands()).toHaveLength(commandsBefore); // not a reconciliation alert: nothing to announce
    expect(await audit('alert.acknowledge')).toHaveLength(2);
  });

  it('answers every steering route with 401 without a token, and changes nothing', async () => {
    const before = (await commands()).length;
    const routes: Array<[string, string]> = [
      ['POST', '/api/v1/trading/start'],
      ['POST', '/api/v1/trading/stop'],
      ['PATCH', '/api/v1/strategies/ema-nifty'],
      ['POST', `/api/v1/positions/${book.positionId}/exit`],
      ['POST', '/api/v1/kill-switch'],
      ['POST', '/api/v1/kill-switch/rearm'],
      ['POST', '/api/v1/orders'],
      ['POST', `/api/v1/alerts/${book.alertId}/acknowledge`],
      ['POST', '/api/v1/api-keys'],
      ['DELETE', '/api/v1/api-keys/0123456789abcdef'],
    ];
    for (const [method, path] of routes) {
      const response = await gw.call(method, path, { body: { confirm: true, reason: 'x', mode: 'paper' } });
      expect({ path, status: response.status }).toEqual({ path, status: 401 });
    }
    expect(await commands()).toHaveLength(before);
  });
});
