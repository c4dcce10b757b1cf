/** @jest-environment ./libs/persistence/src/testing/pglite-environment.js */
import { randomBytes } from 'node:crypto';

import { type Fill, type OrderLeg, type StrategyIntent } from '@dalal/contracts';
import { applyFillToPosition, dec, FLAT_POSITION } from '@dalal/domain';

import { TokenCipher } from '../crypto/token-cipher';
import {
  openTestDatabase,
  type PGliteGlobal,
  type TestDatabase,
  type TestDatabaseKind,
} from '../testing/test-database';
import { AlertsAuditRepository } from './alerts-audit.repository';
import { BarsRepository } from './bars.repository';
import { BrokerSessionsRepository } from './broker-sessions.repository';
import { DailyRiskRepository } from './daily-risk.repository';
import { DecisionsRepository } from './decisions.repository';
import { InstrumentsRepository } from './instruments.repository';
import { OrdersRepository, type NewOrder } from './orders.repository';
import { StrategiesRepository } from './strategies.repository';

jest.mock('@electric-sql/pglite', () => (globalThis as PGliteGlobal).__dalalPGlite);

const CE = 'NIFTY2622425000CE';

const buyLeg: OrderLeg = {
  instrument: CE,
  exchange: 'NFO',
  side: 'BUY',
  quantity: 150,
  orderType: 'LIMIT',
  product: 'NRML',
  validity: 'DAY',
  price: '120.50',
  role: 'MAIN',
};

function newOrder(clientOrderId: string, leg: OrderLeg = buyLeg): NewOrder {
  return {
    clientOrderId,
    intentId: `intent-${clientOrderId}`,
    strategyId: 'ema-mean-reversion',
    mode: 'paper',
    broker: 'paper',
    leg,
    at: '2026-02-10T04:00:00Z',
  };
}

function fill(
  clientOrderId: string,
  fillId: string,
  side: 'BUY' | 'SELL',
  quantity: number,
  price: string,
): Fill {
  return {
    fillId,
    clientOrderId,
    strategyId: 'ema-mean-reversion',
    instrument: CE,
    exchange: 'NFO',
    side,
    quantity,
    price,
    charges: '12.34',
    filledAt: '2026-02-10T04:00:02Z',
  };
}

describe.each<TestDatabaseKind>(['postgres', 'pglite'])('repositories on %s', (kind) => {
  let db: TestDatabase;
  let orders: OrdersRepository;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    orders = new OrdersRepository(db.prisma);
  }, 60_000);

  afterAll(async () => {
    await db?.drop();
  });

  describe('orders', () => {
    it('rejects a second order with the same clientOrderId and leaves the first untouched', async () => {
      const first = await orders.recordOrderSubmitted(newOrder('dup-1'));
      expect(first.outcome).toBe('recorded');
      const again = await orders.recordOrderSubmitted(newOrder('dup-1', { ...buyLeg, quantity: 999 }));
      expect(again.outcome).toBe('duplicate');
      expect(again.order.quantity.toString()).toBe('150');
      expect(again.order).toMatchObject({
        product: 'NRML',
        validity: 'DAY',
        role: 'MAIN',
        orderType: 'LIMIT',
      });
      expect(await db.prisma.order.count({ where: { clientOrderId: 'dup-1' } })).toBe(1);
      // The database itself refuses it, whoever writes.
      await expect(
        db.prisma.order.create({
          data: {
            clientOrderId: 'dup-1',
            strategyId: 's',
            mode: 'paper',
            broker: 'paper',
            instrument: CE,
            exchange: 'NFO',
            side: 'BUY',
            orderType: 'MARKET',
            product: 'MIS',
            validity: 'DAY',
            quantity: 1,
            state: 'PENDING_SUBMIT',
            createdAt: new Date(),
            updatedAt: new Date(),
          },
        }),
      ).rejects.toMatchObject({ code: 'P2002' });
    });

    it('walks PENDING_SUBMIT → OPEN → PARTIALLY_FILLED → FILLED, one event per transition, redeliveries ignored', async () => {
      await orders.recordOrderSubmitted(newOrder('life-1'));
      const base = { clientOrderId: 'life-1', quantity: 150 };
      const open = {
        ...base,
        state: 'OPEN',
        brokerOrderId: 'B-1',
        filledQuantity: 0,
        at: '2026-02-10T04:00:01Z',
      } as const;
      expect((await orders.recordOrderEvent(open, 'm-open')).outcome).toBe('recorded');
      expect((await orders.recordOrderEvent(open, 'm-open')).outcome).toBe('duplicate');
      expect((await orders.recordOrderEvent(open)).outcome).toBe('duplicate');
      const partial = {
        ...base,
        state: 'PARTIALLY_FILLED',
        filledQuantity: 75,
        averagePrice: '120.5',
        at: '2026-02-10T04:00:02Z',
      } as const;
      expect((await orders.recordOrderEvent(partial)).outcome).toBe('recorded');
      const filled = {
        ...base,
        state: 'FILLED',
        filledQuantity: 150,
        averagePrice: '120.45',
        at: '2026-02-10T04:00:03Z',
      } as const;
      const done = await orders.recordOrderEvent(filled);
      expect(done.outcome).toBe('recorded');
      expect(done.order).toMatchObject({ state: 'FILLED', brokerOrderId: 'B-1' });
      expect(done.order.averagePrice?.toString()).toBe('120.45');
      // A late acknowledgement after the fill moves nothing backwards.
      expect((await orders.recordOrderEvent({ ...open, at: '2026-02-10T04:00:04Z' }, 'm-late')).outcome).toBe(
        'duplicate',
      );
      expect(
        (
          await orders.recordOrderEvent({
            ...base,
            state: 'CANCELLED',
            filledQuantity: 150,
            at: '2026-02-10T04:00:05Z',
          })
        ).outcome,
      ).toBe('stale');
      const history = await orders.orderHistory('life-1');
      expect(history.map((e) => e.state)).toEqual(['PENDING_SUBMIT', 'OPEN', 'PARTIALLY_FILLED', 'FILLED']);
      expect(await orders.findOrdersInState(['PENDING_SUBMIT'])).not.toContainEqual(
        expect.objectContaining({ clientOrderId: 'life-1' }),
      );
    });

    it('refuses UPDATE and DELETE on order events in the database, through Prisma and raw SQL', async () => {
      await orders.recordOrderSubmitted(newOrder('ao-1'));
      const event = await db.prisma.orderEvent.findFirstOrThrow({ where: { clientOrderId: 'ao-1' } });
      await expect(
        db.prisma.orderEvent.update({ where: { id: event.id }, data: { reason: 'rewrite' } }),
      ).rejects.toThrow(/append-only/);
      await expect(db.prisma.orderEvent.deleteMany({ where: { clientOrderId: 'ao-1' } })).rejects.toThrow(
        /append-only/,
      );
      await expect(db.prisma.$executeRawUnsafe(`UPDATE order_events SET reason = 'x'`)).rejects.toThrow(
        /append-only/,
      );
      await expect(db.prisma.$executeRawUnsafe(`DELETE FROM order_events`)).rejects.toThrow(/append-only/);
      await expect(db.prisma.$executeRawUnsafe(`TRUNCATE order_events CASCADE`)).rejects.toThrow(
        /append-only/,
      );
      expect(await db.prisma.orderEvent.count({ where: { clientOrderId: 'ao-1' } })).toBe(1);
    });

    it('refuses an event for an order it never recorded', async () => {
      await expect(
        orders.recordOrderEvent({
          clientOrderId: 'ghost',
          state: 'OPEN',
          quantity: 1,
          filledQuantity: 0,
          at: '2026-02-10T04:00:00Z',
        }),
      ).rejects.toMatchObject({ code: 'ORDER_NOT_FOUND' });
    });
  });

  describe('fills and positions', () => {
    it('moves the position by the domain arithmetic, and replaying the same fill leaves it unchanged', async () => {
      await orders.recordOrderSubmitted(newOrder('f-buy'));
      await orders.recordOrderSubmitted(newOrder('f-sell', { ...buyLeg, side: 'SELL', quantity: 75 }));
      const buy = fill('f-buy', 'T-1', 'BUY', 150, '120.50');
      const sell = fill('f-sell', 'T-2', 'SELL', 75, '130.25');

      const afterBuy = await orders.applyFill(buy);
      expect(afterBuy.outcome).toBe('applied');
      const replay = await orders.applyFill(buy, 'redelivered');
      expect(replay.outcome).toBe('duplicate');
      expect(replay.position.netQuantity.toString()).toBe('150');
      expect(replay.position.openCost.toString()).toBe(afterBuy.position.openCost.toString());

      const afterSell = await orders.applyFill(sell);
      await orders.applyFill(sell);
      await orders.applyFill(buy);
      const expected = applyFillToPosition(
        applyFillToPosition(FLAT_POSITION, { side: 'BUY', quantity: dec(150), price: dec('120.50') }),
        { side: 'SELL', quantity: dec(75), price: dec('130.25') },
      );
      const stored = await orders.position({
        mode: 'paper',
        strategyId: 'ema-mean-reversion',
        exchange: 'NFO',
        instrument: CE,
      });
      for (const p of [afterSell.position, stored]) {
        expect(p.netQuantity.eq(expected.netQuantity)).toBe(true);
        expect(p.openCost.eq(expected.openCost)).toBe(true);
        expect(p.realizedPnl.eq(expected.realizedPnl)).toBe(true);
      }
      expect(stored.realizedPnl.toString()).toBe('731.25');
      expect(await db.prisma.fill.count({ where: { fillId: { in: ['T-1', 'T-2'] } } })).toBe(2);
      expect(await orders.openPositions('paper')).toHaveLength(1);
    });

    it('applies concurrent redeliveries of one fill exactly once', async () => {
      await orders.recordOrderSubmitted(newOrder('f-race', { ...buyLeg, instrument: 'NIFTY2622425100CE' }));
      const f = { ...fill('f-race', 'T-race', 'BUY', 150, '100'), instrument: 'NIFTY2622425100CE' };
      const outcomes = await Promise.all([orders.applyFill(f), orders.applyFill(f), orders.applyFill(f)]);
      expect(outcomes.filter((o) => o.outcome === 'applied')).toHaveLength(1);
      const p = await orders.position({
        mode: 'paper',
        strategyId: 'ema-mean-reversion',
        exchange: 'NFO',
        instrument: 'NIFTY2622425100CE',
      });
      expect(p.netQuantity.toString()).toBe('150');
    });
  });

  describe('broker sessions', () => {
    it('stores tokens only as AES-256-GCM ciphertext that another key cannot read', async () => {
      const key = randomBytes(32);
      const sessions = new BrokerSessionsRepository(db.prisma, new TokenCipher(key));
      await sessions.saveSession({
        broker: 'kite',
        accountId: 'AB1234',
        accessToken: 'secret-access-token-xyz',
        refreshToken: 'secret-refresh-token',
        issuedAt: '2026-02-10T02:00:00Z',
        expiresAt: '2026-02-11T00:30:00Z',
      });
      const raw = await db.prisma.$queryRawUnsafe<Array<Record<string, unknown>>>(
        `SELECT * FROM broker_sessions`,
      );
      expect(JSON.stringify(raw)).not.toMatch(/secret-/);
      const current = await sessions.currentSession('kite', 'AB1234', new Date('2026-02-10T05:00:00Z'));
      expect(current?.accessToken).toBe('secret-access-token-xyz');
      expect(current?.refreshToken).toBe('secret-refresh-token');
      const stranger = new BrokerSessionsRepository(db.prisma, new TokenCipher(randomBytes(32)));
      await expect(
        stranger.currentSession('kite', 'AB1234', new Date('2026-02-10T05:00:00Z')),
      ).rejects.toMatchObject({ code: 'TOKEN_UNREADABLE' });
      expect(await sessions.currentSession('kite', 'AB1234', new Date('2026-02-11T01:00:00Z'))).toBeNull();
      expect(await sessions.revokeSessions('kite', 'AB1234', new Date('2026-02-10T06:00:00Z'))).toBe(1);
      expect(await sessions.currentSession('kite', 'AB1234', new Date('2026-02-10T07:00:00Z'))).toBeNull();
    });
  });

  describe('every model through the generated client on the migrated schema', () => {
    it('instruments with dated specs, bars, strategies, sessions, signals, risk, P&L, alerts and audit', async () => {
      const instruments = new InstrumentsRepository(db.prisma);
      const id = await instruments.ensureInstrument({
        exchange: 'NFO',
        symbol: CE,
        kind: 'INDEX_OPTION',
        underlying: 'NIFTY',
        expiry: '2026-02-24',
        strike: '25000',
        optionType: 'CE',
        brokerTokens: { kite: '12345' },
      });
      expect(await instruments.ensureInstrument({ exchange: 'NFO', symbol: CE, kind: 'INDEX_OPTION' })).toBe(
        id,
      );
      await instruments.recordSpec(id, {
        effectiveFrom: '2025-01-01',
        lotSize: '75',
        tickSize: '0.05',
        freezeQuantity: '1800',
      });
      await instruments.recordSpec(id, {
        effectiveFrom: '2026-01-01',
        lotSize: '65',
        tickSize: '0.05',
        freezeQuantity: '1755',
        source: 'NSE circular',
      });
      expect((await instruments.specOn(id, '2025-12-31'))?.lotSize.toString()).toBe('75');
      expect((await instruments.specOn(id, '2026-02-10'))?.freezeQuantity?.toString()).toBe('1755');
      expect(await instruments.specOn(id, '2024-06-01')).toBeNull();

      const bars = new BarsRepository(db.prisma);
      const bar = {
        instrument: CE,
        exchange: 'NFO',
        timeframe: '3m',
        openTime: '2026-02-10T03:45:00.000Z',
        closeTime: '2026-02-10T03:48:00.000Z',
        open: '120.05',
        high: '123.4',
        low: '119.95',
        close: '122.1',
        volume: 52500,
        closed: true,
      } as const;
      expect(
        await bars.saveBarMessages(id, [
          bar,
          { ...bar, openTime: '2026-02-10T03:48:00.000Z', closed: false },
        ]),
      ).toBe(1);
      expect(await bars.saveBarMessages(id, [bar])).toBe(0);
      const stored = await bars.findBars(
        id,
        '3m',
        new Date('2026-02-10T00:00:00Z'),
        new Date('2026-02-11T00:00:00Z'),
      );
      expect(stored).toHaveLength(1);
      expect(stored[0]!.high.toString()).toBe('123.4');
      expect(stored[0]!.volume).toBe(52500n);

      const strategies = new StrategiesRepository(db.prisma);
      await strategies.saveStrategy({ id: 'ema-mean-reversion', name: 'EMA mean reversion' });
      const v1 = await strategies.saveParameterSet('ema-mean-reversion', { ema: 10, sl: '0.2' });
      const same = await strategies.saveParameterSet('ema-mean-reversion', { sl: '0.2', ema: 10 });
      const v2 = await strategies.saveParameterSet('ema-mean-reversion', { ema: 20, sl: '0.2' });
      expect([v1.version, same.version, same.created, v2.version]).toEqual([1, 1, false, 2]);
      await strategies.startSession({
        id: 'sess-1',
        mode: 'paper',
        strategyId: 'ema-mean-reversion',
        parameterSetId: v2.id,
        broker: 'paper',
        startedAt: '2026-02-10T03:45:00Z',
      });
      await strategies.endSession('sess-1', {
        endedAt: '2026-02-10T10:00:00Z',
        realizedPnl: '731.25',
        charges: '24.68',
        netPnl: '706.57',
        tradeCount: 2,
        summary: { maxDrawdown: '0' },
      });
      const session = await db.prisma.tradingSession.findUniqueOrThrow({
        where: { id: 'sess-1' },
        include: { parameterSet: true, strategy: true },
      });
      expect(session.netPnl?.toString()).toBe('706.57');
      expect(session.parameterSet?.version).toBe(2);

      const decisions = new DecisionsRepository(db.prisma);
      const intent: StrategyIntent = {
        intentId: 'intent-9',
        strategyId: 'ema-mean-reversion',
        mode: 'paper',
        action: 'ENTER',
        legs: [buyLeg],
        reason: 'ce_entry',
        indicators: { ema10: 24990.5, rsi14: 61.2 },
        barTime: '2026-02-10T03:48:00Z',
      };
      expect(
        await decisions.recordIntent(intent, {
          messageId: '01JMSG0000000000000000000A',
          sessionId: 'sess-1',
        }),
      ).toBe(true);
      expect(await decisions.recordIntent(intent, { messageId: '01JMSG0000000000000000000A' })).toBe(false);
      expect(
        await decisions.recordRiskDecision({
          intentId: 'intent-9',
          strategyId: 'ema-mean-reversion',
          approved: false,
          rule: 'daily_loss_limit',
          reason: 'loss 5000 ≥ 5000',
          decidedAt: '2026-02-10T03:48:01Z',
        }),
      ).toBe(true);
      expect(
        await decisions.recordRiskDecision({
          intentId: 'intent-9',
          strategyId: 'ema-mean-reversion',
          approved: true,
          decidedAt: '2026-02-10T03:48:02Z',
        }),
      ).toBe(false);
      expect(await db.prisma.signal.findUniqueOrThrow({ where: { intentId: 'intent-9' } })).toMatchObject({
        rule: 'ce_entry',
        indicators: { ema10: 24990.5, rsi14: 61.2 },
      });
      expect(
        await db.prisma.riskDecision.findUniqueOrThrow({ where: { intentId: 'intent-9' } }),
      ).toMatchObject({ approved: false, rule: 'daily_loss_limit' });

      const risk = new DailyRiskRepository(db.prisma);
      await risk.recordDailyPnl({
        tradeDate: '2026-02-10',
        mode: 'paper',
        scope: 'ACCOUNT',
        realizedPnl: '100',
        unrealizedPnl: '-20.5',
        charges: '12.34',
        tradeCount: 1,
        at: '2026-02-10T04:00:00Z',
      });
      await risk.recordDailyPnl({
        tradeDate: '2026-02-10',
        mode: 'paper',
        scope: 'ACCOUNT',
        realizedPnl: '731.25',
        unrealizedPnl: '0',
        charges: '24.68',
        tradeCount: 2,
        at: '2026-02-10T10:00:00Z',
      });
      const pnl = await db.prisma.dailyPnl.findMany();
      expect(pnl).toHaveLength(1);
      expect(pnl[0]!.realizedPnl.toString()).toBe('731.25');
      const counter = {
        tradeDate: '2026-02-10',
        mode: 'paper',
        scope: 'ACCOUNT',
        name: 'orders_sent',
      } as const;
      await risk.incrementCounter(counter, 1, '2026-02-10T04:00:00Z');
      expect((await risk.incrementCounter(counter, 2, '2026-02-10T04:01:00Z')).toString()).toBe('3');
      expect((await risk.counters('2026-02-10', 'paper', 'ACCOUNT'))['orders_sent']?.toString()).toBe('3');

      const alertsAudit = new AlertsAuditRepository(db.prisma);
      const alert = {
        severity: 'CRITICAL',
        code: 'reconciliation_mismatch',
        message: 'broker shows 75, we show 150',
        details: { instrument: CE },
      } as const;
      expect(await alertsAudit.recordAlert(alert, '2026-02-10T05:00:00Z', '01JMSG0000000000000000000B')).toBe(
        true,
      );
      expect(await alertsAudit.recordAlert(alert, '2026-02-10T05:00:00Z', '01JMSG0000000000000000000B')).toBe(
        false,
      );
      const stored_alert = await db.prisma.alert.findFirstOrThrow({
        where: { code: 'reconciliation_mismatch' },
      });
      await alertsAudit.acknowledgeAlert(stored_alert.id, 'ops', new Date('2026-02-10T05:01:00Z'));
      await alertsAudit.recordOperatorAction({
        actor: 'ops',
        action: 'kill_switch.engage',
        target: 'ACCOUNT',
        details: { why: 'mismatch' },
        ipAddress: '10.0.0.7',
        userAgent: 'curl/8',
        at: '2026-02-10T05:02:00Z',
      });
      const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { action: 'kill_switch.engage' } });
      expect(audit).toMatchObject({ actor: 'ops', ipAddress: '10.0.0.7' });
      await expect(
        db.prisma.auditLog.update({ where: { id: audit.id }, data: { actor: 'someone-else' } }),
      ).rejects.toThrow(/append-only/);
      await expect(db.prisma.auditLog.delete({ where: { id: audit.id } })).rejects.toThrow(/append-only/);

      // Every model the schema declares was written and read above (or in the order specs).
      const counts = await Promise.all([
        db.prisma.instrument.count(),
        db.prisma.instrumentSpec.count(),
        db.prisma.bar.count(),
        db.prisma.strategy.count(),
        db.prisma.strategyParameterSet.count(),
        db.prisma.tradingSession.count(),
        db.prisma.signal.count(),
        db.prisma.riskDecision.count(),
        db.prisma.order.count(),
        db.prisma.orderEvent.count(),
        db.prisma.fill.count(),
        db.prisma.position.count(),
        db.prisma.dailyPnl.count(),
        db.prisma.riskCounter.count(),
        db.prisma.brokerSession.count(),
        db.prisma.alert.count(),
        db.prisma.auditLog.count(),
      ]);
      expect(counts.every((n) => n > 0)).toBe(true);
    });
  });
});
