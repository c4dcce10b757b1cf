import { Injectable } from '@nestjs/common';

import { type Prisma, type TradingMode } from '../generated/prisma/client';
import { PrismaService } from '../prisma.service';

/**
 * What the gateway shows, as read models: decimals as exact strings and instants as UTC ISO strings, ready
 * for JSON (no float ever touches a price on the way to a screen). Queries only; nothing here writes.
 */

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export interface PageRequest {
  page: number;
  pageSize: number;
}

/** A UTC instant range [from, to). */
export interface Range {
  from?: Date;
  to?: Date;
}

export interface PositionView {
  id: number;
  mode: TradingMode;
  strategyId: string;
  exchange: string;
  instrument: string;
  netQuantity: string;
  /** Cost of the open quantity; the average price is openCost / netQuantity. */
  openCost: string;
  realizedPnl: string;
  updatedAt: string;
}

export interface OrderView {
  id: number;
  clientOrderId: string;
  brokerOrderId: string | null;
  intentId: string | null;
  strategyId: string;
  mode: TradingMode;
  broker: string;
  instrument: string;
  exchange: string;
  side: 'BUY' | 'SELL';
  orderType: string;
  product: string;
  role: string;
  quantity: string;
  price: string | null;
  triggerPrice: string | null;
  state: string;
  filledQuantity: string;
  averagePrice: string | null;
  reason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface OrderEventView {
  state: string;
  previousState: string | null;
  filledQuantity: string;
  averagePrice: string | null;
  reason: string | null;
  at: string;
}

export interface FillView {
  fillId: string;
  clientOrderId: string;
  strategyId: string;
  instrument: string;
  exchange: string;
  side: 'BUY' | 'SELL';
  quantity: string;
  price: string;
  charges: string;
  filledAt: string;
}

export interface OrderDetailView extends OrderView {
  events: OrderEventView[];
  fills: FillView[];
}

export interface DailyPnlView {
  tradeDate: string;
  mode: TradingMode;
  scope: string;
  realizedPnl: string;
  unrealizedPnl: string;
  charges: string;
  tradeCount: number;
}

export interface StrategyInstanceView {
  id: string;
  strategyId: string;
  underlying: string;
  timeframe: string;
  params: Prisma.JsonValue;
  risk: Prisma.JsonValue;
  mode: TradingMode;
  enabled: boolean;
  updatedAt: string;
}

export interface SignalView {
  intentId: string;
  strategyId: string;
  mode: TradingMode;
  action: string;
  rule: string;
  indicators: Prisma.JsonValue;
  legs: Prisma.JsonValue;
  barTime: string;
  /** Risk's verdict, when it has decided. */
  decision: { approved: boolean; rule: string | null; reason: string | null; decidedAt: string } | null;
}

export interface BarView {
  openTime: string;
  closeTime: string;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
}

export interface AlertView {
  id: number;
  severity: string;
  code: string;
  message: string;
  details: Prisma.JsonValue;
  raisedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
}

export interface BrokerSessionView {
  id: number;
  broker: string;
  accountId: string;
  issuedAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

export interface TradingStateView {
  scope: string;
  state: string;
  actor: string;
  reason: string;
  at: string;
}

export interface RiskCounterView {
  scope: string;
  name: string;
  value: string;
}

const iso = (at: Date) => at.toISOString();
const isoOrNull = (at: Date | null) => (at ? at.toISOString() : null);
const text = (value: { toString(): string }) => value.toString();
const textOrNull = (value: { toString(): string } | null) => (value === null ? null : value.toString());
const skip = ({ page, pageSize }: PageRequest) => (page - 1) * pageSize;
const between = ({ from, to }: Range) =>
  from || to ? { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) } : undefined;

type OrderRow = Prisma.OrderGetPayload<object>;
type FillRow = Prisma.FillGetPayload<object>;

function orderView(row: OrderRow): OrderView {
  return {
    id: row.id,
    clientOrderId: row.clientOrderId,
    brokerOrderId: row.brokerOrderId,
    intentId: row.intentId,
    strategyId: row.strategyId,
    mode: row.mode,
    broker: row.broker,
    instrument: row.instrument,
    exchange: row.exchange,
    side: row.side,
    orderType: row.orderType,
    product: row.product,
    role: row.role,
    quantity: text(row.quantity),
    price: textOrNull(row.price),
    triggerPrice: textOrNull(row.triggerPrice),
    state: row.state,
    filledQuantity: text(row.filledQuantity),
    averagePrice: textOrNull(row.averagePrice),
    reason: row.reason,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

function fillView(row: FillRow): FillView {
  return {
    fillId: row.fillId,
    clientOrderId: row.clientOrderId,
    strategyId: row.strategyId,
    instrument: row.instrument,
    exchange: row.exchange,
    side: row.side,
    quantity: text(row.quantity),
    price: text(row.price),
    charges: text(row.charges),
    filledAt: iso(row.filledAt),
  };
}

function alertView(row: Prisma.AlertGetPayload<object>): AlertView {
  return {
    id: row.id,
    severity: row.severity,
    code: row.code,
    message: row.message,
    details: row.details,
    raisedAt: iso(row.raisedAt),
    acknowledgedAt: isoOrNull(row.acknowledgedAt),
    acknowledgedBy: row.acknowledgedBy,
  };
}

@Injectable()
export class ReadModelsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async positions(filter: { mode?: TradingMode; openOnly: boolean }): Promise<PositionView[]> {
    return this.positionsWhere({
      ...(filter.mode ? { mode: filter.mode } : {}),
      ...(filter.openOnly ? { NOT: { netQuantity: 0 } } : {}),
    });
  }

  async position(id: number): Promise<PositionView | null> {
    const [row] = await this.positionsWhere({ id });
    return row ?? null;
  }

  async orders(
    filter: { states?: string[]; strategyId?: string; range: Range },
    page: PageRequest,
  ): Promise<Page<OrderView>> {
    const where: Prisma.OrderWhereInput = {
      ...(filter.states?.length ? { state: { in: filter.states as OrderRow['state'][] } } : {}),
      ...(filter.strategyId ? { strategyId: filter.strategyId } : {}),
      ...(between(filter.range) ? { createdAt: between(filter.range) } : {}),
    };
    const [rows, total] = await Promise.all([
      this.prisma.order.findMany({ where, orderBy: { id: 'desc' }, skip: skip(page), take: page.pageSize }),
      this.prisma.order.count({ where }),
    ]);
    return { items: rows.map(orderView), total, ...page };
  }

  async order(id: number): Promise<OrderDetailView | null> {
    const row = await this.prisma.order.findUnique({
      where: { id },
      include: { events: { orderBy: { id: 'asc' } }, fills: { orderBy: { id: 'asc' } } },
    });
    if (!row) return null;
    return {
      ...orderView(row),
      events: row.events.map((event) => ({
        state: event.state,
        previousState: event.previousState,
        filledQuantity: text(event.filledQuantity),
        averagePrice: textOrNull(event.averagePrice),
        reason: event.reason,
        at: iso(event.at),
      })),
      fills: row.fills.map(fillView),
    };
  }

  /** The newest order of a strategy in an instrument (an exit copies its product). */
  async lastOrderFor(strategyId: string, exchange: string, instrument: string): Promise<OrderView | null> {
    const row = await this.prisma.order.findFirst({
      where: { strategyId, exchange, instrument },
      orderBy: { id: 'desc' },
    });
    return row ? orderView(row) : null;
  }

  async trades(filter: { strategyId?: string; range: Range }, page: PageRequest): Promise<Page<FillView>> {
    const where: Prisma.FillWhereInput = {
      ...(filter.strategyId ? { strategyId: filter.strategyId } : {}),
      ...(between(filter.range) ? { filledAt: between(filter.range) } : {}),
    };
    const [rows, total] = await Promise.all([
      this.prisma.fill.findMany({ where, orderBy: { id: 'desc' }, skip: skip(page), take: page.pageSize }),
      this.prisma.fill.count({ where }),
    ]);
    return { items: rows.map(fillView), total, ...page };
  }

  /** Daily P&L rows between two trade dates (inclusive, `YYYY-MM-DD`), oldest first. */
  async dailyPnl(filter: {
    from: string;
    to: string;
    mode?: TradingMode;
    scope?: string;
  }): Promise<DailyPnlView[]> {
    const rows = await this.prisma.dailyPnl.findMany({
      where: {
        tradeDate: { gte: new Date(`${filter.from}T00:00:00Z`), lte: new Date(`${filter.to}T00:00:00Z`) },
        ...(filter.mode ? { mode: filter.mode } : {}),
        ...(filter.scope ? { scope: filter.scope } : {}),
      },
      orderBy: [{ tradeDate: 'asc' }, { scope: 'asc' }],
    });
    return rows.map((row) => ({
      tradeDate: row.tradeDate.toISOString().slice(0, 10),
      mode: row.mode,
      scope: row.scope,
      realizedPnl: text(row.realizedPnl),
      unrealizedPnl: text(row.unrealizedPnl),
      charges: text(row.charges),
      tradeCount: row.tradeCount,
    }));
  }

  /** Fills of the range, oldest first, for a P&L curve. */
  async fillsBetween(range: Range, limit = 10_000): Promise<FillView[]> {
    const rows = await this.prisma.fill.findMany({
      where: between(range) ? { filledAt: between(range) } : {},
      orderBy: { filledAt: 'asc' },
      take: limit,
    });
    return rows.map(fillView);
  }

  async strategyInstances(): Promise<StrategyInstanceView[]> {
    const rows = await this.prisma.strategyInstance.findMany({ orderBy: { id: 'asc' } });
    return rows.map((row) => this.instanceView(row));
  }

  async strategyInstance(id: string): Promise<StrategyInstanceView | null> {
    const row = await this.prisma.strategyInstance.findUnique({ where: { id } });
    return row ? this.instanceView(row) : null;
  }

  async signals(filter: { strategyId?: string; range: Range }, page: PageRequest): Promise<Page<SignalView>> {
    const where: Prisma.SignalWhereInput = {
      ...(filter.strategyId ? { strategyId: filter.strategyId } : {}),
      ...(between(filter.range) ? { barTime: between(filter.range) } : {}),
    };
    const [rows, total] = await Promise.all([
      this.prisma.signal.findMany({
        where,
        orderBy: { barTime: 'desc' },
        skip: skip(page),
        take: page.pageSize,
      }),
      this.prisma.signal.count({ where }),
    ]);
    const decisions = await this.prisma.riskDecision.findMany({
      where: { intentId: { in: rows.map((row) => row.intentId) } },
    });
    const byIntent = new Map(decisions.map((decision) => [decision.intentId, decision]));
    const items = rows.map((row): SignalView => {
      const decision = byIntent.get(row.intentId);
      return {
        intentId: row.intentId,
        strategyId: row.strategyId,
        mode: row.mode,
        action: row.action,
        rule: row.rule,
        indicators: row.indicators,
        legs: row.legs,
        barTime: iso(row.barTime),
        decision: decision
          ? {
              approved: decision.approved,
              rule: decision.rule,
              reason: decision.reason,
              decidedAt: iso(decision.decidedAt),
            }
          : null,
      };
    });
    return { items, total, ...page };
  }

  /** Bars of one instrument (`exchange`, `symbol`) and timeframe, oldest first; null for an unknown instrument. */
  async bars(
    instrument: { exchange: string; symbol: string },
    timeframe: string,
    range: Range,
    limit: number,
  ): Promise<BarView[] | null> {
    const row = await this.prisma.instrument.findUnique({
      where: { exchange_symbol: { exchange: instrument.exchange, symbol: instrument.symbol } },
      select: { id: true },
    });
    if (!row) return null;
    const bars = await this.prisma.bar.findMany({
      where: { instrumentId: row.id, timeframe, ...(between(range) ? { openTime: between(range) } : {}) },
      orderBy: { openTime: 'desc' },
      take: limit,
    });
    return bars.reverse().map((bar) => ({
      openTime: iso(bar.openTime),
      closeTime: iso(bar.closeTime),
      open: text(bar.open),
      high: text(bar.high),
      low: text(bar.low),
      close: text(bar.close),
      volume: bar.volume.toString(),
    }));
  }

  async alerts(
    filter: { acknowledged?: boolean; severity?: string },
    page: PageRequest,
  ): Promise<Page<AlertView>> {
    const where: Prisma.AlertWhereInput = {
      ...(filter.acknowledged === undefined
        ? {}
        : { acknowledgedAt: filter.acknowledged ? { not: null } : null }),
      ...(filter.severity ? { severity: filter.severity as 'INFO' | 'WARNING' | 'CRITICAL' } : {}),
    };
    const [rows, total] = await Promise.all([
      this.prisma.alert.findMany({ where, orderBy: { id: 'desc' }, skip: skip(page), take: page.pageSize }),
      this.prisma.alert.count({ where }),
    ]);
    return {
      items: rows.map(alertView),
      total,
      ...page,
    };
  }

  async alert(id: number): Promise<AlertView | null> {
    const row = await this.prisma.alert.findUnique({ where: { id } });
    return row ? alertView(row) : null;
  }

  /** Broker logins, newest first; the token columns are never selected. */
  async brokerSessions(limit = 50): Promise<BrokerSessionView[]> {
    const rows = await this.prisma.brokerSession.findMany({
      select: { id: true, broker: true, accountId: true, issuedAt: true, expiresAt: true, revokedAt: true },
      orderBy: { issuedAt: 'desc' },
      take: limit,
    });
    return rows.map((row) => ({
      id: row.id,
      broker: row.broker,
      accountId: row.accountId,
      issuedAt: iso(row.issuedAt),
      expiresAt: isoOrNull(row.expiresAt),
      revokedAt: isoOrNull(row.revokedAt),
    }));
  }

  /** The id of the newest login of one broker account (the reference BROKER_SESSION_RENEWED carries). */
  async latestBrokerSessionId(broker: string, accountId: string): Promise<number | null> {
    const row = await this.prisma.brokerSession.findFirst({
      where: { broker, accountId },
      orderBy: [{ issuedAt: 'desc' }, { id: 'desc' }],
      select: { id: true },
    });
    return row?.id ?? null;
  }

  /** The newest trading-state row of every scope (a scope never written is ACTIVE and absent here). */
  async tradingStates(): Promise<TradingStateView[]> {
    const rows = await this.prisma.$queryRaw<
      Array<{ scope: string; state: string; actor: string; reason: string; at: Date }>
    >`SELECT DISTINCT ON (scope) scope, state::text AS state, actor, reason, at
      FROM trading_state_changes ORDER BY scope, id DESC`;
    return rows.map((row) => ({ ...row, at: iso(row.at) }));
  }

  async riskCounters(tradeDate: string, mode?: TradingMode): Promise<RiskCounterView[]> {
    const rows = await this.prisma.riskCounter.findMany({
      where: { tradeDate: new Date(`${tradeDate}T00:00:00Z`), ...(mode ? { mode } : {}) },
      orderBy: [{ scope: 'asc' }, { name: 'asc' }],
    });
    return rows.map((row) => ({ scope: row.scope, name: row.name, value: text(row.value) }));
  }

  private async positionsWhere(where: Prisma.PositionWhereInput): Promise<PositionView[]> {
    const rows = await this.prisma.position.findMany({ where, orderBy: { id: 'asc' } });
    return rows.map((row) => ({
      id: row.id,
      mode: row.mode,
      strategyId: row.strategyId,
      exchange: row.exchange,
      instrument: row.instrument,
      netQuantity: text(row.netQuantity),
      openCost: text(row.openCost),
      realizedPnl: text(row.realizedPnl),
      updatedAt: iso(row.updatedAt),
    }));
  }

  private instanceView(row: Prisma.StrategyInstanceGetPayload<object>): StrategyInstanceView {
    return {
      id: row.id,
      strategyId: row.strategyId,
      underlying: row.underlying,
      timeframe: row.timeframe,
      params: row.params,
      risk: row.risk,
      mode: row.mode,
      enabled: row.enabled,
      updatedAt: iso(row.updatedAt),
    };
  }
}
