import {
  TokenCipher,
  AlertsAuditRepository,
  BrokerSessionsRepository,
  DecisionsRepository,
  InstrumentsRepository,
  BarsRepository,
  OrdersRepository,
  type PrismaService,
} from '@dalal/persistence';

/** A key for the test's broker sessions: never a real one. */
export const TEST_TOKEN_KEY = Buffer.alloc(32, 7).toString('base64');

export interface SeededBook {
  orderId: number;
  positionId: number;
  alertId: number;
  reconciliationAlertId: number;
  strategyInstanceId: string;
}

/**
 * A morning's book written through the same repositories the services use: one NIFTY CE bought
 * (order, events, fill, position), its signal with risk's approval, bars, two alerts, a Kite session,
 * a strategy instance and today's P&L row.
 */
export async function seedBook(prisma: PrismaService): Promise<SeededBook> {
  const orders = new OrdersRepository(prisma);
  const at = '2026-12-02T04:00:00.000Z'; // 09:30 IST
  await orders.recordOrderSubmitted({
    clientOrderId: 'c-1',
    intentId: 'i-1',
    strategyId: 'ema-nifty',
    mode: 'paper',
    broker: 'paper',
    leg: {
      instrument: 'NIFTY26D0825000CE',
      exchange: 'NFO',
      side: 'BUY',
      quantity: 75,
      orderType: 'MARKET',
      product: 'MIS',
      validity: 'DAY',
      role: 'MAIN',
    },
    at,
  });
  await orders.recordOrderEvent({
    clientOrderId: 'c-1',
    brokerOrderId: 'b-1',
    state: 'OPEN',
    previousState: 'PENDING_SUBMIT',
    quantity: 75,
    filledQuantity: 0,
    at,
  });
  await orders.recordOrderEvent({
    clientOrderId: 'c-1',
    brokerOrderId: 'b-1',
    state: 'FILLED',
    previousState: 'OPEN',
    quantity: 75,
    filledQuantity: 75,
    averagePrice: '120.05',
    at,
  });
  await orders.applyFill({
    fillId: 'f-1',
    clientOrderId: 'c-1',
    strategyId: 'ema-nifty',
    instrument: 'NIFTY26D0825000CE',
    exchange: 'NFO',
    side: 'BUY',
    quantity: 75,
    price: '120.05',
    charges: '21.43',
    filledAt: at,
  });
  const order = await prisma.order.findUniqueOrThrow({ where: { clientOrderId: 'c-1' } });
  const position = await prisma.position.findFirstOrThrow({ where: { strategyId: 'ema-nifty' } });

  const decisions = new DecisionsRepository(prisma);
  await decisions.recordIntent({
    intentId: 'i-1',
    strategyId: 'ema-nifty',
    mode: 'paper',
    action: 'ENTER',
    legs: [
      {
        instrument: 'NIFTY26D0825000CE',
        exchange: 'NFO',
        side: 'BUY',
        quantity: 75,
        orderType: 'MARKET',
        product: 'MIS',
        validity: 'DAY',
        role: 'MAIN',
      },
    ],
    reason: 'ce_entry',
    indicators: { ema10: 24990.5, ema20: 24970.25 },
    barTime: '2026-12-02T03:59:00.000Z',
  });
  await decisions.recordRiskDecision({
    intentId: 'i-1',
    strategyId: 'ema-nifty',
    approved: true,
    decidedAt: at,
  });

  const instrumentId = await new InstrumentsRepository(prisma).ensureInstrument({
    exchange: 'NSE',
    symbol: 'NIFTY 50',
    kind: 'INDEX',
  });
  await new BarsRepository(prisma).saveBars(
    [0, 1, 2].map((i) => ({
      instrumentId,
      timeframe: '1m',
      openTime: new Date(Date.parse('2026-12-02T03:45:00Z') + i * 60_000),
      closeTime: new Date(Date.parse('2026-12-02T03:46:00Z') + i * 60_000),
      open: `2500${i}.05`,
      high: `2501${i}.10`,
      low: `2499${i}.00`,
      close: `2500${i}.50`,
      volume: 1000 + i,
    })),
  );

  const alerts = new AlertsAuditRepository(prisma);
  await alerts.recordAlert(
    { severity: 'WARNING', code: 'feed_stale', message: 'no tick for 30 s', details: {} },
    at,
    'M1',
  );
  await alerts.recordAlert(
    { severity: 'CRITICAL', code: 'reconciliation_mismatch', message: 'broker holds 75 more', details: {} },
    at,
    'M2',
  );
  const [reconciliation, stale] = await Promise.all([
    prisma.alert.findFirstOrThrow({ where: { code: 'reconciliation_mismatch' } }),
    prisma.alert.findFirstOrThrow({ where: { code: 'feed_stale' } }),
  ]);

  await new BrokerSessionsRepository(
    prisma,
    TokenCipher.fromEnv({ TOKEN_ENCRYPTION_KEY: TEST_TOKEN_KEY }),
  ).saveSession({
    broker: 'kite',
    accountId: 'AB1234',
    accessToken: 'secret-access-token-value',
    issuedAt: '2026-12-02T02:00:00Z',
    expiresAt: '2026-12-03T00:30:00Z',
  });

  await prisma.strategyInstance.create({
    data: {
      id: 'ema-nifty',
      strategyId: 'ema-mean-reversion',
      underlying: 'NIFTY',
      timeframe: '3m',
      params: {},
      risk: { maxTradesPerDay: 3 },
      mode: 'paper',
      enabled: true,
      updatedAt: new Date(at),
    },
  });
  await prisma.dailyPnl.create({
    data: {
      tradeDate: new Date('2026-12-02T00:00:00Z'),
      mode: 'paper',
      scope: 'ACCOUNT',
      realizedPnl: '0',
      unrealizedPnl: '300.00',
      charges: '21.43',
      tradeCount: 1,
      updatedAt: new Date(at),
    },
  });
  return {
    orderId: order.id,
    positionId: position.id,
    alertId: stale.id,
    reconciliationAlertId: reconciliation.id,
    strategyInstanceId: 'ema-nifty',
  };
}
