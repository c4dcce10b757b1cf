import { statfs } from 'node:fs/promises';

import { type Fill } from '@dalal/contracts';
import { dec, Decimal, ZERO } from '@dalal/domain';
import { fromIst, istDate, type Clock } from '@dalal/market';
import { isPersistenceError, TradingStateRepository, type PrismaService } from '@dalal/persistence';

import {
  type DeskActor,
  type DeskStatus,
  type FillContext,
  type HealthView,
  type OrderView,
  type PnlPeriod,
  type PnlView,
  type PositionView,
  type RiskView,
  type SignalView,
  type SteerOutcome,
  type TradingDesk,
} from '../desk/trading-desk';
import { pnlPeriodRange } from '../desk/pnl-period';

export interface RepositoryTradingDeskOptions {
  prisma: PrismaService;
  clock: Clock;
  mode?: 'paper' | 'live';
  strategiesRunning?: readonly string[];
  marketOpen?: boolean;
  /** Daily limits shown by /risk, by counter name (risk_counters) or "dailyLoss". */
  limits?: Readonly<Record<string, string>>;
  kiteApiKey?: string;
}

const toDecimal = (value: { toString(): string } | null | undefined): Decimal =>
  value === null || value === undefined ? ZERO : dec(value.toString());

/**
 * A TradingDesk read straight from the Postgres system of record and steering through the persisted
 * trading state (TradingStateRepository), for the bot's specs until the gateway's own services exist.
 * What it cannot do without the other services it records instead: `/exit` requests are kept in `exits`,
 * and the kill switch only writes HALTED (the gateway also publishes KILL_SWITCH on the control stream).
 */
export class RepositoryTradingDesk implements TradingDesk {
  readonly exits: Array<{ positionId: string; actor: DeskActor }> = [];
  readonly logins: DeskActor[] = [];
  private readonly tradingState: TradingStateRepository;
  private readonly mode: 'paper' | 'live';

  constructor(private readonly o: RepositoryTradingDeskOptions) {
    this.tradingState = new TradingStateRepository(o.prisma);
    this.mode = o.mode ?? 'paper';
  }

  async status(): Promise<DeskStatus> {
    const [state, positions, pnl] = await Promise.all([
      this.tradingState.current(),
      this.positions(),
      this.pnl('day'),
    ]);
    return {
      mode: this.mode,
      marketOpen: this.o.marketOpen ?? true,
      tradingState: state.state,
      strategiesRunning: this.o.strategiesRunning ?? [],
      openPositions: positions.length,
      todayPnl: pnl.net,
      asOf: this.o.clock.now(),
    };
  }

  async positions(): Promise<PositionView[]> {
    const rows = await this.o.prisma.position.findMany({
      where: { mode: this.mode, NOT: { netQuantity: 0 } },
      orderBy: { id: 'asc' },
    });
    return rows.map((r) => {
      const net = toDecimal(r.netQuantity);
      return {
        id: String(r.id),
        strategyId: r.strategyId,
        instrument: r.instrument,
        exchange: r.exchange,
        netQuantity: net.toNumber(),
        averagePrice: toDecimal(r.openCost).div(net).abs(),
        // No live prices here: the open P&L is unknown, and shown as such.
        realizedPnl: toDecimal(r.realizedPnl),
      };
    });
  }

  async pnl(period: PnlPeriod): Promise<PnlView> {
    const { from, to } = pnlPeriodRange(period, istDate(this.o.clock.now()));
    const rows = await this.o.prisma.dailyPnl.findMany({
      where: {
        mode: this.mode,
        scope: 'ACCOUNT',
        tradeDate: { gte: new Date(`${from}T00:00:00Z`), lte: new Date(`${to}T00:00:00Z`) },
      },
    });
    const sum = (pick: (r: (typeof rows)[number]) => Decimal) =>
      rows.reduce((acc, r) => acc.add(pick(r)), ZERO);
    const realized = sum((r) => toDecimal(r.realizedPnl));
    const unrealized = sum((r) => toDecimal(r.unrealizedPnl));
    const charges = sum((r) => toDecimal(r.charges));
    return {
      period,
      from,
      to,
      realized,
      unrealized,
      charges,
      net: realized.add(unrealized).sub(charges),
      trades: rows.reduce((n, r) => n + r.tradeCount, 0),
    };
  }

  async orders(): Promise<OrderView[]> {
    const since = fromIst(istDate(this.o.clock.now()));
    const rows = await this.o.prisma.order.findMany({
      where: { mode: this.mode, createdAt: { gte: since } },
      orderBy: { id: 'desc' },
    });
    return rows.map((r) => ({
      clientOrderId: r.clientOrderId,
      strategyId: r.strategyId,
      instrument: r.instrument,
      side: r.side,
      quantity: toDecimal(r.quantity).toNumber(),
      filledQuantity: toDecimal(r.filledQuantity).toNumber(),
      state: r.state,
      ...(r.price ? { price: toDecimal(r.price) } : {}),
      ...(r.averagePrice ? { averagePrice: toDecimal(r.averagePrice) } : {}),
      ...(r.reason ? { reason: r.reason } : {}),
      updatedAt: r.updatedAt,
    }));
  }

  async signals(limit: number): Promise<SignalView[]> {
    const rows = await this.o.prisma.signal.findMany({ orderBy: { barTime: 'desc' }, take: limit });
    const decisions = await this.o.prisma.riskDecision.findMany({
      where: { intentId: { in: rows.map((r) => r.intentId) } },
    });
    return rows.map((r) => {
      const decision = decisions.find((d) => d.intentId === r.intentId);
      const legs = Array.isArray(r.legs) ? (r.legs as Array<{ instrument?: unknown }>) : [];
      return {
        strategyId: r.strategyId,
        action: r.action === 'EXIT' ? 'EXIT' : 'ENTER',
        instruments: legs.map((l) => String(l.instrument)),
        reason: r.rule,
        indicators: r.indicators as Record<string, number>,
        at: r.barTime,
        ...(decision
          ? {
              verdict: decision.approved ? ('APPROVED' as const) : ('REJECTED' as const),
              ...(decision.reason ? { rejection: decision.reason } : {}),
            }
          : {}),
      };
    });
  }

  async risk(): Promise<RiskView> {
    const today = istDate(this.o.clock.now());
    const [state, counters, pnl] = await Promise.all([
      this.tradingState.current(),
      this.o.prisma.riskCounter.findMany({
        where: { mode: this.mode, scope: 'ACCOUNT', tradeDate: new Date(`${today}T00:00:00Z`) },
      }),
      this.pnl('day'),
    ]);
    const limits = Object.entries(this.o.limits ?? {}).map(([name, limit]) => {
      const used =
        name === 'dailyLoss'
          ? Decimal.max(ZERO, pnl.net.neg())
          : toDecimal(counters.find((c) => c.name === name)?.value);
      return {
        name,
        used,
        limit: dec(limit),
        unit: name === 'dailyLoss' ? ('INR' as const) : ('count' as const),
      };
    });
    return { tradingState: state.state, limits };
  }

  async health(): Promise<HealthView> {
    const memory = process.memoryUsage();
    const fs = await statfs('.');
    return {
      services: [{ name: 'postgres', up: true }],
      feeds: [],
      busLag: [],
      brokerSession: null,
      disk: { freeBytes: fs.bavail * fs.bsize, totalBytes: fs.blocks * fs.bsize },
      memory: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed },
    };
  }

  stopEntries(actor: DeskActor): Promise<SteerOutcome> {
    return this.steer(async () => {
      await this.tradingState.change({
        state: 'REDUCING',
        actor: actor.id,
        reason: `/stop from Telegram by ${actor.name}`,
        at: this.o.clock.now(),
      });
      return 'New entries stopped; exits continue.';
    });
  }

  startEntries(actor: DeskActor): Promise<SteerOutcome> {
    return this.steer(async () => {
      const reason = `/start from Telegram by ${actor.name}`;
      const at = this.o.clock.now();
      const current = await this.tradingState.current();
      if (current.state === 'HALTED') await this.tradingState.rearm({ actor: actor.id, reason, at });
      else await this.tradingState.change({ state: 'ACTIVE', actor: actor.id, reason, at });
      return 'New entries allowed again.';
    });
  }

  killSwitch(actor: DeskActor, reason: string): Promise<SteerOutcome> {
    return this.steer(async () => {
      await this.tradingState.change({ state: 'HALTED', actor: actor.id, reason, at: this.o.clock.now() });
      const open = await this.positions();
      return `Kill switch engaged: trading HALTED, ${open.length} position(s) being flattened.`;
    });
  }

  async exitPosition(positionId: string, actor: DeskActor): Promise<SteerOutcome> {
    const position = (await this.positions()).find((p) => p.id === positionId);
    if (!position) return { ok: false, message: `No open position #${positionId}; see /positions.` };
    this.exits.push({ positionId, actor });
    return { ok: true, message: `Exit sent for ${position.instrument} (${position.netQuantity}).` };
  }

  kiteLoginUrl(actor: DeskActor): Promise<string> {
    this.logins.push(actor);
    return Promise.resolve(
      `https://kite.zerodha.com/connect/login?v=3&api_key=${encodeURIComponent(this.o.kiteApiKey ?? 'kite_key')}`,
    );
  }

  async fillContext(fill: Fill): Promise<FillContext | null> {
    const order = await this.o.prisma.order.findUnique({ where: { clientOrderId: fill.clientOrderId } });
    if (!order?.intentId) return null;
    const signal = await this.o.prisma.signal.findUnique({ where: { intentId: order.intentId } });
    if (!signal) return null;
    const action = signal.action === 'EXIT' ? 'EXIT' : 'ENTER';
    const legs = Array.isArray(signal.legs) ? (signal.legs as Array<{ triggerPrice?: string }>) : [];
    const stop = legs.find((l) => l.triggerPrice !== undefined)?.triggerPrice;
    const position =
      action === 'EXIT'
        ? await this.o.prisma.position.findFirst({
            where: { mode: this.mode, strategyId: fill.strategyId, instrument: fill.instrument },
          })
        : null;
    return {
      action,
      rule: signal.rule,
      indicators: signal.indicators as Record<string, number>,
      ...(stop ? { stop: dec(stop) } : {}),
      ...(position ? { realizedPnl: toDecimal(position.realizedPnl) } : {}),
    };
  }

  private async steer(work: () => Promise<string>): Promise<SteerOutcome> {
    try {
      return { ok: true, message: await work() };
    } catch (err) {
      // The trading state's own refusals (only a re-arm leaves HALTED…) are answers, not failures.
      if (isPersistenceError(err)) return { ok: false, message: err.message };
      throw err;
    }
  }
}
