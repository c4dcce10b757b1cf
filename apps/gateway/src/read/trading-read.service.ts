import { Inject, Injectable } from '@nestjs/common';
import { type z } from 'zod';

import { applyFillToPosition, dec, FLAT_POSITION, type Position, unrealizedPnl } from '@dalal/domain';
import {
  type AlertView,
  type BarView,
  type BrokerSessionView,
  type DailyPnlView,
  type FillView,
  type OrderDetailView,
  type OrderView,
  type Page,
  type PositionView,
  ReadModelsRepository,
  type RiskCounterView,
  type SignalView,
  type StrategyInstanceView,
  type TradingStateView,
} from '@dalal/persistence';
import { STRATEGIES } from '@dalal/strategies';

import { GatewayError } from '../gateway-error';
import { GATEWAY_CLOCK, type GatewayClock } from '../gateway.tokens';
import { istDay, istDayRange } from './ist-days';
import { LastPrices } from './last-prices';
import {
  type alertsQuerySchema,
  type barsQuerySchema,
  type ordersQuerySchema,
  type pnlQuerySchema,
  type positionsQuerySchema,
  type signalsQuerySchema,
  type tradesQuerySchema,
} from './read.schemas';

export interface LivePositionView extends PositionView {
  /** openCost / netQuantity; null when flat. */
  averagePrice: string | null;
  /** The last tick's price and the P&L of the open quantity at it; null until a tick was seen. */
  markPrice: string | null;
  unrealizedPnl: string | null;
}

export interface PnlView {
  from: string;
  to: string;
  days: DailyPnlView[];
  /** Today's fills in time order, each with the realized P&L running total, for the intraday curve. */
  today: { realized: string; unrealized: string; curve: Array<{ at: string; realized: string }> };
}

export interface StrategyView extends StrategyInstanceView {
  description: string | null;
  state: string;
}

export interface RiskView {
  tradeDate: string;
  account: TradingStateView;
  strategies: TradingStateView[];
  counters: RiskCounterView[];
  pnlToday: DailyPnlView[];
  /** Per-strategy limit overrides as configured on the instances. */
  limits: Array<{ strategyInstanceId: string; risk: unknown }>;
}

const ACCOUNT = 'ACCOUNT';
const ACTIVE_ACCOUNT = (at: Date): TradingStateView => ({
  scope: ACCOUNT,
  state: 'ACTIVE',
  actor: 'system',
  reason: 'initial state',
  at: at.toISOString(),
});

/**
 * What the trader sees: every read route of the gateway, and the Telegram bot's status commands, call
 * this service. Decimals stay strings; the only arithmetic (live P&L) is Decimal.
 */
@Injectable()
export class TradingReadService {
  constructor(
    private readonly read: ReadModelsRepository,
    private readonly prices: LastPrices,
    @Inject(GATEWAY_CLOCK) private readonly clock: GatewayClock,
  ) {}

  async positions(query: z.output<typeof positionsQuerySchema>): Promise<LivePositionView[]> {
    const rows = await this.read.positions({ mode: query.mode, openOnly: query.open === 'true' });
    return rows.map((row) => this.live(row));
  }

  async position(id: number): Promise<LivePositionView> {
    const row = await this.read.position(id);
    if (!row) throw new GatewayError('NOT_FOUND', `no position ${id}`, { field: 'id' });
    return this.live(row);
  }

  orders(query: z.output<typeof ordersQuerySchema>): Promise<Page<OrderView>> {
    return this.read.orders(
      { states: query.status, strategyId: query.strategy, range: query.day ? istDayRange(query.day) : {} },
      { page: query.page, pageSize: query.pageSize },
    );
  }

  async order(id: number): Promise<OrderDetailView> {
    const order = await this.read.order(id);
    if (!order) throw new GatewayError('NOT_FOUND', `no order ${id}`, { field: 'id' });
    return order;
  }

  trades(query: z.output<typeof tradesQuerySchema>): Promise<Page<FillView>> {
    return this.read.trades(
      { strategyId: query.strategy, range: query.day ? istDayRange(query.day) : {} },
      { page: query.page, pageSize: query.pageSize },
    );
  }

  async pnl(query: z.output<typeof pnlQuerySchema>): Promise<PnlView> {
    const today = istDay(this.clock());
    const from = query.from ?? today;
    const to = query.to ?? today;
    if (from > to) throw new GatewayError('INVALID_INPUT', 'from: must not be after to', { field: 'from' });
    const [days, fills, positions] = await Promise.all([
      this.read.dailyPnl({ from, to, mode: query.mode }),
      this.read.fillsBetween(istDayRange(today)),
      this.positions({ mode: query.mode, open: 'true' }),
    ]);
    // Realized P&L along today's fills, net of charges, by the domain's own position arithmetic. Positions
    // start flat at the day's open: intraday (MIS) books are, and carried ones show in the daily rows.
    const book = new Map<string, Position>();
    let realized = dec(0);
    let charges = dec(0);
    const curve = fills.map((fill) => {
      const key = `${fill.strategyId}|${fill.exchange}|${fill.instrument}`;
      const before = book.get(key) ?? FLAT_POSITION;
      const after = applyFillToPosition(before, {
        side: fill.side,
        quantity: dec(fill.quantity),
        price: dec(fill.price),
      });
      book.set(key, after);
      realized = realized.plus(after.realizedPnl.minus(before.realizedPnl));
      charges = charges.plus(fill.charges);
      return { at: fill.filledAt, realized: realized.minus(charges).toString() };
    });
    const unrealized = positions.reduce((sum, position) => sum.plus(position.unrealizedPnl ?? 0), dec(0));
    return {
      from,
      to,
      days,
      today: { realized: realized.minus(charges).toString(), unrealized: unrealized.toString(), curve },
    };
  }

  async strategies(): Promise<StrategyView[]> {
    const [instances, states] = await Promise.all([this.read.strategyInstances(), this.read.tradingStates()]);
    const stateOf = new Map(states.map((state) => [state.scope, state.state]));
    return instances.map((instance) => ({
      ...instance,
      description: STRATEGIES[instance.strategyId]?.description ?? null,
      state: stateOf.get(instance.id) ?? 'ACTIVE',
    }));
  }

  async strategy(id: string): Promise<StrategyInstanceView> {
    const instance = await this.read.strategyInstance(id);
    if (!instance) throw new GatewayError('NOT_FOUND', `no strategy ${id}`, { field: 'id' });
    return instance;
  }

  signals(query: z.output<typeof signalsQuerySchema>): Promise<Page<SignalView>> {
    return this.read.signals(
      {
        strategyId: query.strategy,
        range: {
          from: query.from ? new Date(query.from) : undefined,
          to: query.to ? new Date(query.to) : undefined,
        },
      },
      { page: query.page, pageSize: query.pageSize },
    );
  }

  async bars(query: z.output<typeof barsQuerySchema>): Promise<BarView[]> {
    const bars = await this.read.bars(
      { exchange: query.exchange, symbol: query.instrument },
      query.timeframe,
      { from: query.from ? new Date(query.from) : undefined, to: query.to ? new Date(query.to) : undefined },
      query.limit,
    );
    if (!bars)
      throw new GatewayError('NOT_FOUND', `no instrument ${query.exchange}:${query.instrument}`, {
        field: 'instrument',
      });
    return bars;
  }

  alerts(query: z.output<typeof alertsQuerySchema>): Promise<Page<AlertView>> {
    return this.read.alerts(
      {
        acknowledged: query.acknowledged === undefined ? undefined : query.acknowledged === 'true',
        severity: query.severity,
      },
      { page: query.page, pageSize: query.pageSize },
    );
  }

  async alert(id: number): Promise<AlertView> {
    const alert = await this.read.alert(id);
    if (!alert) throw new GatewayError('NOT_FOUND', `no alert ${id}`, { field: 'id' });
    return alert;
  }

  /** Broker logins: who, when, valid until; never a token. */
  async sessions(): Promise<Array<BrokerSessionView & { valid: boolean }>> {
    const now = this.clock().getTime();
    return (await this.read.brokerSessions()).map((session) => ({
      ...session,
      valid:
        session.revokedAt === null && (session.expiresAt === null || Date.parse(session.expiresAt) > now),
    }));
  }

  async risk(): Promise<RiskView> {
    const now = this.clock();
    const tradeDate = istDay(now);
    const [states, counters, pnlToday, instances] = await Promise.all([
      this.read.tradingStates(),
      this.read.riskCounters(tradeDate),
      this.read.dailyPnl({ from: tradeDate, to: tradeDate }),
      this.read.strategyInstances(),
    ]);
    return {
      tradeDate,
      account: states.find((state) => state.scope === ACCOUNT) ?? ACTIVE_ACCOUNT(new Date(0)),
      strategies: states.filter((state) => state.scope !== ACCOUNT),
      counters,
      pnlToday,
      limits: instances.map((instance) => ({ strategyInstanceId: instance.id, risk: instance.risk })),
    };
  }

  private live(row: PositionView): LivePositionView {
    const position = {
      netQuantity: dec(row.netQuantity),
      openCost: dec(row.openCost),
      realizedPnl: dec(row.realizedPnl),
    };
    const mark = this.prices.of(row.exchange, row.instrument);
    return {
      ...row,
      averagePrice: position.netQuantity.isZero()
        ? null
        : position.openCost.div(position.netQuantity).toString(),
      markPrice: mark?.ltp ?? null,
      unrealizedPnl: mark ? unrealizedPnl(position, dec(mark.ltp)).toString() : null,
    };
  }
}
