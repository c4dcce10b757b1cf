import { statfs } from 'node:fs/promises';

import { type StreamStore } from '@dalal/bus';
import {
  alertsStream,
  approvedOrdersStream,
  controlStream,
  fillsStream,
  intentsStream,
  type Fill,
} from '@dalal/contracts';
import { dec, type Decimal, ZERO } from '@dalal/domain';
import { istDate } from '@dalal/market';
import {
  type DeskActor,
  type DeskStatus,
  type FillContext,
  type HealthView,
  type OrderView,
  pnlPeriodRange,
  type PnlPeriod,
  type PnlView,
  type PositionView,
  type RiskView,
  type SignalView,
  type SteerOutcome,
  type TradingDesk,
} from '@dalal/telegram';
import { isTradingState, type TradingState } from '@dalal/risk';

import { type CallContext } from '../auth/principal';
import { type BrokerLoginService } from '../brokers/broker-login.service';
import { GatewayError } from '../gateway-error';
import { type GatewayClock } from '../gateway.tokens';
import { type SystemHealthService } from '../health/system-health.service';
import { type TradingReadService } from '../read/trading-read.service';
import { type TradingControlService } from '../steer/trading-control.service';

/**
 * The hops an order travels, as (stream, consumer group): a backlog on any of them delays trading, and
 * the alerts hop delays what the trader hears. Groups are the services' names (@dalal/runtime).
 */
const WATCHED_LAG: ReadonlyArray<{ stream: string; group: string }> = [
  { stream: intentsStream(), group: 'risk-manager' },
  { stream: approvedOrdersStream(), group: 'order-execution' },
  { stream: controlStream(), group: 'order-execution' },
  { stream: fillsStream(), group: 'gateway' },
  { stream: alertsStream(), group: 'telegram' },
];

export interface GatewayDeskServices {
  read: TradingReadService;
  control: TradingControlService;
  health: SystemHealthService;
  brokerLogin: BrokerLoginService;
  clock: GatewayClock;
  dataDir: string;
  store: StreamStore;
}

const DAY_MS = 86_400_000;
const stateOf = (value: string | null | undefined): TradingState =>
  isTradingState(value) ? value : 'ACTIVE';
const decimalOrZero = (value: string | null | undefined): Decimal => (value ? dec(value) : ZERO);

/** The calls the bot makes, as the REST API's caller: the audit log says who, from Telegram. */
function callerOf(actor: DeskActor): CallContext {
  return { principal: { kind: 'user', actor: actor.id }, userAgent: `telegram ${actor.name}` };
}

/**
 * The Telegram bot's TradingDesk on the gateway's own read and steer services, so a command and the
 * matching REST route are one implementation: same trading-state rows, bus commands and audit rows.
 * Refusals of the steering services (GatewayError: not found, conflict, not configured) are answers to
 * show the trader; anything else is a failure and propagates.
 */
export class GatewayTradingDesk implements TradingDesk {
  constructor(private readonly s: GatewayDeskServices) {}

  async status(): Promise<DeskStatus> {
    const [health, strategies, positions, pnl] = await Promise.all([
      this.s.health.health(),
      this.s.read.strategies(),
      this.s.read.positions({ open: 'true' }),
      this.pnl('day'),
    ]);
    const enabled = strategies.filter((s) => s.enabled);
    return {
      mode: enabled.some((s) => s.mode === 'live') ? 'live' : 'paper',
      marketOpen: health.market.open,
      tradingState: stateOf(health.tradingState),
      strategiesRunning: enabled.filter((s) => s.state === 'ACTIVE').map((s) => s.id),
      openPositions: positions.length,
      // The same figure as /pnl day, so the two answers never disagree.
      todayPnl: pnl.net,
      asOf: this.s.clock(),
    };
  }

  async positions(): Promise<PositionView[]> {
    const rows = await this.s.read.positions({ open: 'true' });
    return rows.map((p) => ({
      id: String(p.id),
      strategyId: p.strategyId,
      instrument: p.instrument,
      exchange: p.exchange,
      netQuantity: Number(p.netQuantity),
      averagePrice: decimalOrZero(p.averagePrice).abs(),
      ...(p.markPrice ? { markPrice: dec(p.markPrice) } : {}),
      ...(p.unrealizedPnl ? { unrealizedPnl: dec(p.unrealizedPnl) } : {}),
      realizedPnl: dec(p.realizedPnl),
    }));
  }

  async pnl(period: PnlPeriod): Promise<PnlView> {
    const { from, to } = pnlPeriodRange(period, istDate(this.s.clock()));
    const view = await this.s.read.pnl({ from, to });
    // The account row when there is one; strategy rows add up to it otherwise.
    const account = view.days.filter((d) => d.scope === 'ACCOUNT');
    const days = account.length > 0 ? account : view.days;
    let realized = days.reduce((sum, d) => sum.add(d.realizedPnl), ZERO);
    let unrealized = days.reduce((sum, d) => sum.add(d.unrealizedPnl), ZERO);
    const charges = days.reduce((sum, d) => sum.add(d.charges), ZERO);
    // Today's row is written at the close: until then, today is the intraday figure (net of charges).
    if (!days.some((d) => d.tradeDate === to)) {
      realized = realized.add(view.today.realized);
      unrealized = unrealized.add(view.today.unrealized);
    }
    return {
      period,
      from,
      to,
      realized,
      unrealized,
      charges,
      net: realized.add(unrealized).sub(charges),
      trades: days.reduce((n, d) => n + d.tradeCount, 0),
    };
  }

  async orders(): Promise<OrderView[]> {
    const page = await this.s.read.orders({ day: istDate(this.s.clock()), page: 1, pageSize: 50 });
    return page.items.map((o) => ({
      clientOrderId: o.clientOrderId,
      strategyId: o.strategyId,
      instrument: o.instrument,
      side: o.side,
      quantity: Number(o.quantity),
      filledQuantity: Number(o.filledQuantity),
      state: o.state,
      ...(o.price ? { price: dec(o.price) } : {}),
      ...(o.averagePrice ? { averagePrice: dec(o.averagePrice) } : {}),
      ...(o.reason ? { reason: o.reason } : {}),
      updatedAt: new Date(o.updatedAt),
    }));
  }

  async signals(limit: number): Promise<SignalView[]> {
    const page = await this.s.read.signals({ page: 1, pageSize: limit });
    return page.items.map((s) => ({
      strategyId: s.strategyId,
      action: s.action === 'EXIT' ? 'EXIT' : 'ENTER',
      instruments: legsOf(s.legs).map((l) => String(l.instrument)),
      reason: s.rule,
      indicators: numbersOf(s.indicators),
      at: new Date(s.barTime),
      ...(s.decision
        ? {
            verdict: s.decision.approved ? ('APPROVED' as const) : ('REJECTED' as const),
            ...(s.decision.reason ? { rejection: s.decision.reason } : {}),
          }
        : {}),
    }));
  }

  async risk(): Promise<RiskView> {
    const risk = await this.s.read.risk();
    return {
      tradingState: stateOf(risk.account.state),
      limits: risk.counters
        .filter((c) => c.scope === 'ACCOUNT')
        .map((c) => ({ name: c.name, used: dec(c.value), unit: 'count' as const })),
    };
  }

  async health(): Promise<HealthView> {
    const health = await this.s.health.health();
    const memory = process.memoryUsage();
    const disk = await statfs(this.s.dataDir).then(
      (fs) => ({ freeBytes: fs.bavail * fs.bsize, totalBytes: fs.blocks * fs.bsize }),
      () => null,
    );
    const broker = health.brokers[0];
    return {
      services: [
        { name: 'bus', up: health.bus === 'up' },
        { name: 'database', up: health.database === 'up' },
        ...health.services.map((s) => ({
          name: s.name,
          up: s.status === 'ok',
          ...(s.status === 'ok' ? {} : { detail: s.status }),
        })),
      ],
      feeds: [],
      busLag: await this.busLag(),
      brokerSession: broker
        ? {
            broker: broker.broker,
            valid: broker.valid,
            ...(broker.expiresAt ? { expiresAt: new Date(broker.expiresAt) } : {}),
          }
        : null,
      disk,
      memory: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed },
    };
  }

  /** Lag of each watched hop; a stream or group not created yet (nothing flowed) is left out. */
  private async busLag(): Promise<HealthView['busLag']> {
    const lags = await Promise.all(
      WATCHED_LAG.map(({ stream, group }) =>
        this.s.store.groupLag(stream, group).then(
          (pending) => ({ stream, group, pending }),
          () => null,
        ),
      ),
    );
    return lags.filter((lag): lag is NonNullable<typeof lag> => lag !== null);
  }

  stopEntries(actor: DeskActor): Promise<SteerOutcome> {
    return answer(async () => {
      await this.s.control.stop(`/stop from Telegram by ${actor.name}`, callerOf(actor));
      return 'New entries stopped (REDUCING); exits continue.';
    });
  }

  startEntries(actor: DeskActor): Promise<SteerOutcome> {
    return answer(async () => {
      const reason = `/start from Telegram by ${actor.name}`;
      const health = await this.s.health.health();
      if (health.tradingState === 'HALTED') {
        await this.s.control.rearm({ reason, force: false }, callerOf(actor));
        return 'Kill switch re-armed: new entries allowed again.';
      }
      // Resume what /stop stopped: the enabled strategies, in their own mode.
      const enabled = (await this.s.read.strategies()).filter((s) => s.enabled);
      const mode = enabled.some((s) => s.mode === 'live') ? 'live' : 'paper';
      await this.s.control.start({ mode, strategies: enabled.map((s) => s.id) }, callerOf(actor));
      return `New entries allowed again (${enabled.length} strateg${enabled.length === 1 ? 'y' : 'ies'} started).`;
    });
  }

  killSwitch(actor: DeskActor, reason: string): Promise<SteerOutcome> {
    return answer(async () => {
      await this.s.control.killSwitch(reason, callerOf(actor));
      return 'Kill switch engaged: trading HALTED; open orders are being cancelled and positions flattened.';
    });
  }

  exitPosition(positionId: string, actor: DeskActor): Promise<SteerOutcome> {
    return answer(async () => {
      const id = Number(positionId);
      if (!Number.isSafeInteger(id) || id <= 0)
        throw new GatewayError('INVALID_INPUT', `"${positionId}" is not a position #`, { field: 'id' });
      const position = await this.s.read.position(id);
      await this.s.control.exitPosition(id, `Telegram /exit by ${actor.name}`, callerOf(actor));
      return `Exit sent for ${position.instrument} (${position.netQuantity}): a market order through risk.`;
    });
  }

  kiteLoginUrl(actor: DeskActor): Promise<string> {
    return Promise.resolve(this.s.brokerLogin.kiteLoginUrl(callerOf(actor)));
  }

  /**
   * The signal behind a fill: its order (among the latest, since it just filled) names the intent, and
   * the signal of that intent carries the rule and indicators. Null when either is not found.
   */
  async fillContext(fill: Fill): Promise<FillContext | null> {
    const filledAt = new Date(fill.filledAt).getTime();
    const orders = await this.s.read.orders({ page: 1, pageSize: 100 });
    const order = orders.items.find((o) => o.clientOrderId === fill.clientOrderId);
    if (!order?.intentId) return null;
    const signals = await this.s.read.signals({
      strategy: order.strategyId,
      from: new Date(filledAt - DAY_MS).toISOString(),
      to: new Date(filledAt + 1000).toISOString(),
      page: 1,
      pageSize: 100,
    });
    const signal = signals.items.find((s) => s.intentId === order.intentId);
    if (!signal) return null;
    const action = signal.action === 'EXIT' ? 'EXIT' : 'ENTER';
    const stop = legsOf(signal.legs).find(
      (l) => l.orderType === 'SL' || l.orderType === 'SL-M',
    )?.triggerPrice;
    const position =
      action === 'EXIT'
        ? (await this.s.read.positions({ open: 'false' })).find(
            (p) => p.strategyId === fill.strategyId && p.instrument === fill.instrument,
          )
        : undefined;
    return {
      action,
      rule: signal.rule,
      indicators: numbersOf(signal.indicators),
      ...(typeof stop === 'string' ? { stop: dec(stop) } : {}),
      ...(position ? { realizedPnl: dec(position.realizedPnl) } : {}),
    };
  }
}

async function answer(work: () => Promise<string>): Promise<SteerOutcome> {
  try {
    return { ok: true, message: await work() };
  } catch (err) {
    if (err instanceof GatewayError) return { ok: false, message: err.message };
    throw err;
  }
}

function legsOf(legs: unknown): Array<Record<string, unknown>> {
  return Array.isArray(legs) ? (legs as Array<Record<string, unknown>>) : [];
}

function numbersOf(indicators: unknown): Record<string, number> {
  if (typeof indicators !== 'object' || indicators === null) return {};
  return Object.fromEntries(
    Object.entries(indicators).filter((entry): entry is [string, number] => typeof entry[1] === 'number'),
  );
}
