import { metricsRegistry } from '@dalal/observability';
import { RiskBookRepository, TradingStateRepository, type PrismaService } from '@dalal/persistence';

import { clientOrderIdFor } from './client-order-id';
import { RISK_MANAGER_ACTOR } from './risk-desk';
import { DAY, at, entry, execute, exit, freshDatabase, startDesk } from './testing/risk-desk-harness';

const EMR = 'ema-mean-reversion';

describe('risk desk on Postgres', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let prisma: PrismaService;

  beforeEach(async () => {
    db = await freshDatabase();
    prisma = db.prisma;
  }, 30_000);

  afterEach(async () => {
    await db.drop();
  });

  it('sends a CE entry risking ₹4,000 a lot as 2 lots, ids hashed from the intent, verdict stored first', async () => {
    const { desk, output } = await startDesk(prisma);
    await desk.onIntent(entry('ce-0930', '09:30', { sizing: { kind: 'RISK', riskPerSet: '4000' } }), 'MSG1');

    expect(output.requests).toHaveLength(1);
    const request = output.requests[0]!;
    expect(request).toMatchObject({ intentId: 'ce-0930', action: 'ENTER', broker: 'paper', mode: 'paper' });
    expect(request.legs).toEqual([
      expect.objectContaining({
        clientOrderId: clientOrderIdFor('ce-0930', 0),
        leg: expect.objectContaining({ quantity: 130, side: 'BUY' }),
      }),
    ]);
    expect(request.legs[0]!.clientOrderId).toMatch(/^[A-Za-z0-9]{1,20}$/);
    const verdict = await prisma.riskDecision.findUnique({ where: { intentId: 'ce-0930' } });
    expect(verdict).toMatchObject({ approved: true, messageId: 'MSG1', strategyId: EMR });
    const outcome = await prisma.riskOutcome.findUnique({ where: { intentId: 'ce-0930' } });
    expect(outcome?.publishedAt).not.toBeNull();
    expect(outcome?.message).toEqual(JSON.parse(JSON.stringify(request)));
  });

  it('refuses a second entry while the first is open (MAX_OPEN_POSITIONS) and stores the refusal', async () => {
    const { desk, output } = await startDesk(prisma);
    await desk.onIntent(entry('ce-0930', '09:30'));
    await desk.onIntent(
      entry('pe-0945', '09:45', {
        legs: [{ ...entry('x', '09:45').legs[0]!, instrument: 'NIFTY26D0825000PE' }],
      }),
    );

    expect(output.requests.map((r) => r.intentId)).toEqual(['ce-0930']);
    expect(output.rejections).toEqual([
      expect.objectContaining({ intentId: 'pe-0945', strategyId: EMR, rule: 'MAX_OPEN_POSITIONS' }),
    ]);
    expect(await prisma.riskDecision.findUnique({ where: { intentId: 'pe-0945' } })).toMatchObject({
      approved: false,
      rule: 'MAX_OPEN_POSITIONS',
    });
    expect(await metricsRegistry.getSingleMetricAsString('risk_decisions_total')).toMatch(
      /risk_decisions_total\{result="rejected",reason="MAX_OPEN_POSITIONS"\} [1-9]/,
    );
  });

  it('answers a redelivered entry without deciding or publishing it again', async () => {
    const { desk, output } = await startDesk(prisma);
    await desk.onIntent(entry('ce-0930', '09:30'));
    await desk.onIntent(entry('ce-0930', '09:30'));

    expect(output.requests).toHaveLength(1);
    expect(output.rejections).toHaveLength(0);
    expect(desk.bookOf(EMR)!.toState().tradesToday).toBe(1);
  });

  it('publishes an entry whose first publish failed exactly once on redelivery, with the same order ids', async () => {
    const { desk, output } = await startDesk(prisma);
    output.failNext = true;
    await expect(desk.onIntent(entry('ce-0930', '09:30'))).rejects.toThrow('bus unavailable');
    expect(output.requests).toHaveLength(0);
    expect((await prisma.riskOutcome.findUnique({ where: { intentId: 'ce-0930' } }))?.publishedAt).toBeNull();

    await desk.onIntent(entry('ce-0930', '09:30'));
    await desk.onIntent(entry('ce-0930', '09:30'));
    expect(output.requests).toHaveLength(1);
    expect(output.requests[0]!.legs[0]!.clientOrderId).toBe(clientOrderIdFor('ce-0930', 0));
    expect(desk.bookOf(EMR)!.toState().tradesToday).toBe(1);
  });

  it('keeps trades today, P&L, the losing streak and the open trade across a mid-day restart', async () => {
    const first = await startDesk(prisma);
    // Trade 1: 2 lots bought at 100, stopped out at 50: −₹6,500 gross, −₹6,540 after ₹40 of charges.
    await first.desk.onIntent(entry('ce-0930', '09:30', { sizing: { kind: 'RISK', riskPerSet: '4000' } }));
    await execute(prisma, first.desk, first.output.requests[0]!, '100', '09:31');
    await first.desk.onIntent(exit('ce-0930-x', 'ce-0930', 130, '10:00'));
    await execute(prisma, first.desk, first.output.requests[1]!, '50', '10:01');
    // Trade 2: open when the process dies.
    await first.desk.onIntent(entry('ce-1030', '10:30', { sizing: { kind: 'RISK', riskPerSet: '4000' } }));
    await execute(prisma, first.desk, first.output.requests[2]!, '80', '10:31');
    const before = first.desk.bookOf(EMR)!;
    expect(before.toState()).toMatchObject({
      tradesToday: 2,
      consecutiveLosses: 1,
      realizedNetToday: '-6540',
    });

    const restarted = await startDesk(prisma);
    const book = restarted.desk.bookOf(EMR)!;
    expect(book.toState()).toEqual(before.toState());
    expect(book.snapshot('ACTIVE')).toMatchObject({ openPositions: 1, hasOpenPosition: true });
    expect(book.snapshot('ACTIVE').openQuantity('NIFTY26D0825000CE')).toBe(130);

    // The open trade holds the only slot; its exit is known and approved after the restart.
    await restarted.desk.onIntent(entry('pe-1045', '10:45'));
    expect(restarted.output.rejections).toEqual([expect.objectContaining({ rule: 'MAX_OPEN_POSITIONS' })]);
    await restarted.desk.onIntent(exit('ce-1030-x', 'ce-1030', 130, '11:00'));
    expect(restarted.output.requests).toEqual([
      expect.objectContaining({ intentId: 'ce-1030-x', action: 'EXIT' }),
    ]);
    await execute(prisma, restarted.desk, restarted.output.requests[0]!, '60', '11:01');
    // Two losses in a row: the third entry goes out at half size (1 lot instead of 2).
    await restarted.desk.onIntent(
      entry('ce-1130', '11:30', { sizing: { kind: 'RISK', riskPerSet: '4000' } }),
    );
    expect(restarted.output.requests[1]!.legs[0]!.leg.quantity).toBe(65);
    expect(restarted.desk.bookOf(EMR)!.toState()).toMatchObject({ tradesToday: 3, consecutiveLosses: 2 });
  });

  it('gives the slot back when the broker rejects an entry’s only order, and remembers that after a restart', async () => {
    const { desk, output } = await startDesk(prisma);
    await desk.onIntent(entry('ce-0930', '09:30'));
    await desk.onOrderEvent({
      clientOrderId: output.requests[0]!.legs[0]!.clientOrderId,
      state: 'REJECTED',
      previousState: 'PENDING_SUBMIT',
      quantity: 65,
      filledQuantity: 0,
      reason: 'insufficient funds',
      at: at('09:30'),
    });
    expect(
      (await prisma.riskOutcome.findUnique({ where: { intentId: 'ce-0930' } }))?.closedAt,
    ).not.toBeNull();

    const restarted = await startDesk(prisma);
    await restarted.desk.onIntent(entry('ce-0945', '09:45'));
    expect(restarted.output.requests.map((r) => r.intentId)).toEqual(['ce-0945']);
    // Both entries count against the day's trades (an abandoned entry was still taken).
    expect(restarted.desk.bookOf(EMR)!.toState().tradesToday).toBe(2);
  });

  it('lets a trade be exited again after the broker rejected its first exit', async () => {
    const { desk, output } = await startDesk(prisma);
    await desk.onIntent(entry('ce-0930', '09:30'));
    await execute(prisma, desk, output.requests[0]!, '100', '09:31');
    await desk.onIntent(exit('ce-0930-x1', 'ce-0930', 65, '10:00'));
    await desk.onIntent(exit('ce-0930-x2', 'ce-0930', 65, '10:05'));
    expect(output.rejections).toEqual([
      expect.objectContaining({ intentId: 'ce-0930-x2', rule: 'EXIT_ALREADY_WORKING' }),
    ]);

    await desk.onOrderEvent({
      clientOrderId: output.requests[1]!.legs[0]!.clientOrderId,
      state: 'REJECTED',
      quantity: 65,
      filledQuantity: 0,
      reason: 'RMS: margin',
      at: at('10:06'),
    });
    await desk.onIntent(exit('ce-0930-x3', 'ce-0930', 65, '10:10'));
    expect(output.requests.map((r) => r.intentId)).toEqual(['ce-0930', 'ce-0930-x1', 'ce-0930-x3']);
  });

  it('rejects a configured instance’s intents with INVALID_LIMITS while its stored risk has a typo', async () => {
    await prisma.strategyInstance.create({
      data: {
        id: 'nifty-emr-3m',
        strategyId: EMR,
        underlying: 'NIFTY',
        timeframe: '3m',
        risk: { maxTradesPerDya: 1 },
        mode: 'paper',
        updatedAt: new Date(at('09:00')),
      },
    });
    const { desk, output } = await startDesk(prisma);
    await desk.onIntent(entry('emr-0930', '09:30', { strategyId: 'nifty-emr-3m' }));
    expect(output.requests).toHaveLength(0);
    expect(output.rejections).toEqual([expect.objectContaining({ rule: 'INVALID_LIMITS' })]);
    expect(output.rejections[0]!.reason).toContain('maxTradesPerDya');
  });

  it('puts the strategy in REDUCING and flattens it when the marks reach the ₹25,000 daily loss limit', async () => {
    const { desk, output, states } = await startDesk(prisma, { flattenOnDailyLoss: true });
    await desk.onIntent(entry('ce-0930', '09:30', { sizing: { kind: 'RISK', riskPerSet: '4000' } }));
    await execute(prisma, desk, output.requests[0]!, '300', '09:31');
    const mark = (unrealizedPnl: string, time: string) =>
      desk.onPosition({
        strategyId: EMR,
        instrument: 'NIFTY26D0825000CE',
        exchange: 'NFO',
        netQuantity: 130,
        averagePrice: '300',
        realizedPnl: '0',
        unrealizedPnl,
        at: at(time),
      });

    await mark('-20000', '10:00');
    expect(output.alerts).toContainEqual(
      expect.objectContaining({
        severity: 'WARNING',
        code: 'risk_limit_warning',
        details: expect.objectContaining({ limit: 'dailyLossLimit' }),
      }),
    );
    expect((await states.current(EMR)).state).toBe('ACTIVE');

    await mark('-25010', '10:05');
    const reducing = await states.current(EMR);
    expect(reducing).toMatchObject({ state: 'REDUCING', actor: RISK_MANAGER_ACTOR });
    expect(reducing.reason).toContain('25000');
    expect(output.alerts).toContainEqual(
      expect.objectContaining({ severity: 'CRITICAL', code: 'daily_loss_limit' }),
    );
    const flatten = output.requests[1]!;
    expect(flatten).toMatchObject({ action: 'EXIT', strategyId: EMR });
    expect(flatten.legs.map((l) => [l.leg.side, l.leg.quantity, l.leg.orderType])).toEqual([
      ['SELL', 130, 'MARKET'],
    ]);

    // Only once: a deeper mark neither writes the state again nor sends a second exit.
    await mark('-26000', '10:06');
    expect(output.requests).toHaveLength(2);
    expect(output.alerts.filter((a) => a.code === 'daily_loss_limit')).toHaveLength(1);
    expect(
      output.alerts.filter((a) => a.code === 'risk_limit_warning' && a.details['limit'] === 'dailyLossLimit'),
    ).toHaveLength(1);

    await execute(prisma, desk, flatten, '105', '10:07');
    await desk.onIntent(entry('ce-1030', '10:30'));
    expect(output.rejections).toEqual([
      expect.objectContaining({ intentId: 'ce-1030', rule: 'TRADING_REDUCING' }),
    ]);
  });

  it('lets a strategy the daily loss limit stopped yesterday trade today, but not one an operator set REDUCING', async () => {
    const { desk, output, states } = await startDesk(prisma);
    const yesterday = at('11:00', '2026-11-30');
    await states.change({
      scope: EMR,
      state: 'REDUCING',
      actor: RISK_MANAGER_ACTOR,
      reason: 'daily loss',
      at: yesterday,
    });
    await states.change({
      scope: 'sma-crossover',
      state: 'REDUCING',
      actor: 'ops',
      reason: 'by hand',
      at: yesterday,
    });

    await desk.onIntent(entry('ce-0930', '09:30'));
    await desk.onIntent(entry('sma-0930', '09:30', { strategyId: 'sma-crossover' }));

    expect(output.requests.map((r) => r.intentId)).toEqual(['ce-0930']);
    expect(output.rejections).toEqual([
      expect.objectContaining({ intentId: 'sma-0930', rule: 'TRADING_REDUCING' }),
    ]);
    expect(await states.current(EMR)).toMatchObject({ state: 'ACTIVE', actor: RISK_MANAGER_ACTOR });
    expect(await states.current('sma-crossover')).toMatchObject({ state: 'REDUCING', actor: 'ops' });
  });

  it('squares off an intraday position at 15:15 of market time, once, and leaves a carried NRML one', async () => {
    const { desk, output } = await startDesk(prisma, { maxOpenPositions: 2 });
    await desk.onIntent(entry('ce-1400', '14:00'));
    await execute(prisma, desk, output.requests[0]!, '100', '14:01');
    const nrml = entry('pe-1401', '14:01', {
      legs: [{ ...entry('x', '14:01').legs[0]!, instrument: 'NIFTY26D0825000PE', product: 'NRML' }],
    });
    await desk.onIntent(nrml);
    await execute(prisma, desk, output.requests[1]!, '90', '14:02');

    // A tick of an earlier day (history read by a new consumer group) is no reason to square today off.
    await desk.onMarketTime(Date.parse(at('15:20', '2026-11-30')));
    await desk.onMarketTime(Date.parse(at('15:14')));
    expect(output.requests).toHaveLength(2);
    await desk.onMarketTime(Date.parse(at('15:15')));
    await desk.onMarketTime(Date.parse(at('15:16')));
    expect(output.requests).toHaveLength(3);
    expect(output.requests[2]).toMatchObject({ action: 'EXIT', strategyId: EMR });
    expect(output.requests[2]!.legs.map((l) => [l.leg.instrument, l.leg.side, l.leg.quantity])).toEqual([
      ['NIFTY26D0825000CE', 'SELL', 65],
    ]);
    const verdict = await prisma.riskOutcome.findUnique({
      where: { intentId: output.requests[2]!.intentId },
    });
    expect(verdict).toMatchObject({ tradeId: 'ce-1400', action: 'EXIT', approved: true });
  });

  it('refuses entries while HALTED, halts on the bus kill switch whatever the database says, and re-arms locally', async () => {
    const { desk, output, states } = await startDesk(prisma);
    await states.change({ state: 'HALTED', actor: 'ops', reason: 'broker outage', at: at('09:00') });
    await desk.onIntent(entry('ce-0930', '09:30'));
    expect(output.rejections).toEqual([expect.objectContaining({ rule: 'TRADING_HALTED' })]);

    await states.rearm({ actor: 'ops', reason: 'broker back', at: at('09:35') });
    desk.halt('ops: kill switch on the bus');
    await desk.onIntent(entry('ce-0940', '09:40'));
    expect(output.rejections[1]).toMatchObject({ intentId: 'ce-0940', rule: 'TRADING_HALTED' });

    desk.liftLocalHalt();
    await desk.onIntent(entry('ce-0950', '09:50'));
    expect(output.requests.map((r) => r.intentId)).toEqual(['ce-0950']);
  });

  it('sends the day’s summary at the 15:30 close, once even across a restart', async () => {
    const { desk, output } = await startDesk(prisma);
    await desk.onIntent(entry('ce-0930', '09:30'));
    await execute(prisma, desk, output.requests[0]!, '100', '09:31');
    await desk.onIntent(exit('ce-0930-x', 'ce-0930', 65, '10:00'));
    await execute(prisma, desk, output.requests[1]!, '120', '10:01');
    await desk.onMarketTime(Date.parse(at('15:29')));
    expect(output.alerts.filter((a) => a.code === 'risk_day_summary')).toHaveLength(0);
    await desk.onMarketTime(Date.parse(at('15:30')));
    const summary = output.alerts.find((a) => a.code === 'risk_day_summary');
    // 65 × (120 − 100) = ₹1,300 gross, ₹40 of charges.
    expect(summary).toMatchObject({
      severity: 'INFO',
      details: { date: DAY, trades: 1, wins: 1, losses: 0, netPnl: '1260.00' },
    });

    const restarted = await startDesk(prisma);
    await restarted.desk.onMarketTime(Date.parse(at('15:31')));
    expect(restarted.output.alerts.filter((a) => a.code === 'risk_day_summary')).toHaveLength(0);
  });

  it('forgets a decision it could not store: the retried exit is approved once, not refused as a duplicate', async () => {
    const { desk, output } = await startDesk(prisma);
    await desk.onIntent(entry('ce-0930', '09:30'));
    await execute(prisma, desk, output.requests[0]!, '100', '09:31');
    const write = jest
      .spyOn(RiskBookRepository.prototype, 'recordDecision')
      .mockRejectedValueOnce(new Error('connection terminated'));
    try {
      await expect(desk.onIntent(exit('ce-0930-x', 'ce-0930', 65, '10:00'))).rejects.toThrow(
        'connection terminated',
      );
      expect(output.requests).toHaveLength(1);
      await desk.onIntent(exit('ce-0930-x', 'ce-0930', 65, '10:00'));
    } finally {
      write.mockRestore();
    }
    expect(output.rejections).toEqual([]);
    expect(output.requests.map((r) => r.intentId)).toEqual(['ce-0930', 'ce-0930-x']);
    expect(desk.bookOf(EMR)!.snapshot('ACTIVE')).toMatchObject({ openPositions: 1, exitPending: true });
    expect(desk.bookOf(EMR)!.toState().tradesToday).toBe(1);
  });

  it('still squares off a trade whose strategy it had to reload after a failed write', async () => {
    const { desk, output } = await startDesk(prisma);
    await desk.onIntent(entry('ce-0930', '09:30'));
    await execute(prisma, desk, output.requests[0]!, '100', '09:31');
    const write = jest
      .spyOn(RiskBookRepository.prototype, 'recordDecision')
      .mockRejectedValueOnce(new Error('connection terminated'));
    try {
      await expect(desk.onIntent(entry('ce-1000', '10:00'))).rejects.toThrow('connection terminated');
    } finally {
      write.mockRestore();
    }
    await desk.onMarketTime(Date.parse(at('15:15')));
    expect(output.requests.map((r) => [r.action, r.legs[0]!.leg.side, r.legs[0]!.leg.quantity])).toEqual([
      ['ENTER', 'BUY', 65],
      ['EXIT', 'SELL', 65],
    ]);
  });

  it('starts, and says so loudly, when a strategy with open trades has broken risk settings', async () => {
    await prisma.strategyInstance.create({
      data: {
        id: 'emr-1',
        strategyId: EMR,
        underlying: 'NIFTY',
        timeframe: '3m',
        mode: 'paper',
        updatedAt: new Date(),
      },
    });
    const first = await startDesk(prisma);
    await first.desk.onIntent(entry('emr-0930', '09:30', { strategyId: 'emr-1' }));
    expect(first.output.requests).toHaveLength(1);
    await prisma.strategyInstance.update({ where: { id: 'emr-1' }, data: { risk: { capitl: 1 } } });

    const restarted = await startDesk(prisma);
    expect(restarted.output.alerts).toEqual([
      expect.objectContaining({
        severity: 'CRITICAL',
        code: 'risk_settings_invalid',
        details: { strategyId: 'emr-1', openTrades: 1 },
      }),
    ]);
    await restarted.desk.onIntent(entry('ema-0930', '09:30'));
    expect(restarted.output.requests.map((r) => r.intentId)).toEqual(['ema-0930']);
  });

  it('does not start when it cannot read the trading state', async () => {
    const read = jest
      .spyOn(TradingStateRepository.prototype, 'effective')
      .mockRejectedValueOnce(new Error('relation "trading_state_changes" does not exist'));
    try {
      await expect(startDesk(prisma)).rejects.toThrow('trading_state_changes');
    } finally {
      read.mockRestore();
    }
  });

  it('finds the trade of an operator’s exit that names none by the instrument it sells', async () => {
    const { desk, output } = await startDesk(prisma, { maxOpenPositions: 2 });
    await desk.onIntent(entry('ce-0930', '09:30'));
    await execute(prisma, desk, output.requests[0]!, '100', '09:31');
    const pe = { ...entry('x', '09:40').legs[0]!, instrument: 'NIFTY26D0825000PE' };
    await desk.onIntent(entry('pe-0940', '09:40', { legs: [pe] }));
    await execute(prisma, desk, output.requests[1]!, '90', '09:41');

    const manualExit = {
      ...exit('exit-by-hand', 'unused', 65, '10:00'),
      legs: [{ ...pe, side: 'SELL' as const }],
    };
    delete (manualExit as { tradeId?: string }).tradeId;
    await desk.onIntent(manualExit);
    expect(output.rejections).toEqual([]);
    expect(await prisma.riskOutcome.findUnique({ where: { intentId: 'exit-by-hand' } })).toMatchObject({
      tradeId: 'pe-0940',
      approved: true,
    });
  });

  it('refuses an exit of a trade that is not open instead of sending orders that would open a short', async () => {
    const { desk, output } = await startDesk(prisma);
    await desk.onIntent(exit('ce-x', 'never-entered', 65, '10:00'));
    expect(output.rejections).toEqual([expect.objectContaining({ rule: 'NO_OPEN_POSITION' })]);
    expect(output.requests).toHaveLength(0);
  });
});
