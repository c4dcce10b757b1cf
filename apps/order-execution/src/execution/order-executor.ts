import { createHash } from 'node:crypto';

import { type OrderRequest } from '@dalal/contracts';
import {
  type BrokerAdapter,
  type BrokerError,
  type BrokerOrder,
  type BrokerTrade,
  isBrokerError,
  type PlaceOrder,
} from '@dalal/brokers';
import { dec, type Decimal } from '@dalal/domain';
import { type OrderPurpose } from '@dalal/risk';

import { type ChildOrder } from './child-order';
import { type ExecutionEvents } from './execution-events';
import {
  type ExecutionStore,
  type OrderState,
  type PositionSnapshot,
  type StateChange,
  type StoredOrder,
  type TradingMode,
} from './execution-store';
import { ExecutionLane } from './execution-lane';
import { MAX_CLIENT_ORDER_ID, planBasket, type PlanOptions } from './plan-basket';
import { type TradingGuard } from './trading-guard';
import { type TradingStateGate } from './trading-state-gate';

export interface ExecutorDeps {
  store: ExecutionStore;
  broker: BrokerAdapter;
  events: ExecutionEvents;
  guard: TradingGuard;
  /** The persisted trading state (kill switch), asked before every child order is sent. */
  gate: TradingStateGate;
  plan: PlanOptions;
  mode: TradingMode;
  /** Charges of one fill, from @dalal/domain's charges model. */
  chargesOf: (order: StoredOrder, quantity: number, price: Decimal, at: Date) => Decimal;
  now: () => Date;
}

const LIVE_STATES: readonly OrderState[] = ['PENDING_SUBMIT', 'OPEN', 'PARTIALLY_FILLED'];

/** `refused`: the trading state or the reconciliation guard said no (why); nothing reached the broker. */
type Outcome = 'placed' | 'failed' | { refused: string };

/** The intent id of the kill switch's flattening orders (how a stored order is known as one). */
const KILL_SWITCH_INTENT = 'kill-switch:';

/**
 * Turns approved order requests into broker orders without losing or doubling any:
 * the order row is written (PENDING_SUBMIT, unique clientOrderId) before the broker is called; the
 * broker gets the clientOrderId as its tag; an order whose fate is unknown (timeout, crash) is looked up
 * by that tag before anything is sent again.
 */
export class OrderExecutor {
  /**
   * Submissions, syncs and the kill switch run one at a time: a sync must never see an order between its
   * PENDING_SUBMIT row and its placement, or it would send it a second time.
   */
  private readonly lane = new ExecutionLane();

  constructor(private readonly deps: ExecutorDeps) {}

  /** Requests waiting their turn (not counting the one in progress). */
  get queued(): number {
    return this.lane.depth;
  }

  /** Sends a request's orders in basket order; when one fails, unwinds those already placed. */
  submit(request: OrderRequest): Promise<void> {
    return this.lane.enqueue(
      () => this.submitNow(request),
      (reason) => this.refuseNow(request, reason),
    );
  }

  /**
   * Brings every live order up to date with the broker: finds PENDING_SUBMIT orders by tag (sending those
   * the broker never got), applies new trades as fills and moves states. Run at start-up and on a timer.
   */
  sync(): Promise<void> {
    return this.lane.enqueue(() => this.syncNow());
  }

  /**
   * Kill switch: halts this process at once, turns every queued submission into its refusal (recorded as
   * REJECTED with the reason), and runs cancel-all + flatten next — after the job in progress, which
   * stops at its next child order, and before anything that was waiting.
   */
  flattenAll(reason: string): Promise<void> {
    this.deps.gate.halt(reason);
    this.lane.refuseQueued(`kill switch engaged: ${reason}`);
    return this.lane.jumpQueue(() => this.flattenNow(reason));
  }

  private async submitNow(request: OrderRequest): Promise<void> {
    const purpose: OrderPurpose = request.action;
    const children = planBasket(request, this.deps.plan);
    const placed: StoredOrder[] = [];
    for (const [index, child] of children.entries()) {
      const { order, created } = await this.admit(child);
      const outcome = await this.submitOne(order, created, purpose);
      if (outcome === 'placed') {
        placed.push(order);
        continue;
      }
      if (typeof outcome === 'object') {
        // The rest of the basket is refused for the same reason, recorded, never sent.
        await this.refuseChildren(children.slice(index + 1), outcome.refused);
        // Halted: the kill switch's flattening closes what this basket opened; nothing else may go out.
        if (placed.length > 0 && !this.deps.gate.haltedLocally) await this.unwind(request, placed, order);
        return;
      }
      if (placed.length > 0) await this.unwind(request, placed, order);
      return;
    }
  }

  /** A queued request the kill switch overtook: every child recorded as REJECTED with the reason. */
  private async refuseNow(request: OrderRequest, reason: string): Promise<void> {
    await this.refuseChildren(planBasket(request, this.deps.plan), reason);
  }

  private async refuseChildren(children: readonly ChildOrder[], reason: string): Promise<void> {
    for (const child of children) {
      const { order, created } = await this.admit(child);
      // A redelivered request whose child already went out keeps its real state.
      if (order.state !== 'PENDING_SUBMIT') continue;
      if (!created && (await this.resolveRefusedAtBroker(order))) continue;
      await this.transition(order, { state: 'REJECTED', filledQuantity: 0, reason, at: this.deps.now() });
    }
  }

  /**
   * A PENDING_SUBMIT row from an earlier attempt (a crash after the broker accepted) may be live at the
   * broker: it is recorded as it stands there and, if still working, cancelled — never marked REJECTED
   * while the broker has it. True when the broker had it (or could not be asked: sync decides later).
   */
  private async resolveRefusedAtBroker(order: StoredOrder): Promise<boolean> {
    let existing: BrokerOrder | undefined;
    try {
      existing = await this.findAtBroker(order.clientOrderId);
    } catch (err) {
      // Unknown: the row stays PENDING_SUBMIT; sync asks again, and never sends it while halted.
      await this.alertBrokerFailure(order, err);
      return true;
    }
    if (!existing) return false;
    await this.applyBrokerView(order, existing, []);
    if ((order.state === 'OPEN' || order.state === 'PARTIALLY_FILLED') && order.brokerOrderId)
      await this.deps.broker
        .cancelOrder(order.brokerOrderId)
        .catch((err: unknown) => this.alertBrokerFailure(order, err));
    return true;
  }

  private async syncNow(): Promise<void> {
    const live = await this.deps.store.ordersInStates(LIVE_STATES);
    if (live.length === 0) return;
    const [brokerOrders, trades] = await Promise.all([
      this.deps.broker.getOrders(),
      this.deps.broker.getTrades(),
    ]);
    const byTag = new Map(brokerOrders.filter((o) => o.clientOrderId).map((o) => [o.clientOrderId!, o]));
    for (const order of live) {
      const atBroker = byTag.get(order.clientOrderId);
      if (!atBroker) {
        if (order.state === 'PENDING_SUBMIT') await this.sendIfAllowed(order, storedPurpose(order));
        continue;
      }
      await this.applyBrokerView(
        order,
        atBroker,
        trades.filter((t) => t.brokerOrderId === atBroker.brokerOrderId),
      );
    }
  }

  /**
   * Cancels every open order and closes every position at market in the same breath (the broker is flat
   * one round trip after the kill switch reaches the front), learns the fills, then closes whatever a
   * resting order filled before its cancel landed, and learns those fills. Closing orders already
   * working count against what is left, so a second pass (or a second kill switch) never closes twice.
   */
  private async flattenNow(reason: string): Promise<void> {
    const { store, broker } = this.deps;
    const open = (await store.ordersInStates(['OPEN', 'PARTIALLY_FILLED'])).filter(
      (o) => o.brokerOrderId && !isKillSwitchOrder(o),
    );
    await Promise.all([
      ...open.map((order) =>
        broker.cancelOrder(order.brokerOrderId!).catch((err: unknown) => this.alertBrokerFailure(order, err)),
      ),
      this.closeRemaining(reason, 1),
    ]);
    await this.syncNow();
    if (await this.closeRemaining(reason, 2)) await this.syncNow();
  }

  /** Closes each position net of the kill switch's closing orders still working; true if any was sent. */
  private async closeRemaining(reason: string, pass: number): Promise<boolean> {
    const { store, mode } = this.deps;
    const [positions, working] = await Promise.all([
      store.positions(mode),
      store.ordersInStates(['PENDING_SUBMIT', 'OPEN', 'PARTIALLY_FILLED']),
    ]);
    const closing = new Map<string, number>();
    for (const order of working.filter(isKillSwitchOrder)) {
      const key = `${order.strategyId}\u0000${order.leg.instrument}`;
      const remaining = order.leg.quantity - order.filledQuantity;
      closing.set(key, (closing.get(key) ?? 0) + (order.leg.side === 'BUY' ? remaining : -remaining));
    }
    const left = positions
      .map((p) => ({
        ...p,
        netQuantity: p.netQuantity + (closing.get(`${p.strategyId}\u0000${p.instrument}`) ?? 0),
      }))
      .filter((p) => p.netQuantity !== 0);
    await Promise.all(left.map((position) => this.closePosition(position, reason, pass)));
    return left.length > 0;
  }

  private async admit(child: ChildOrder): Promise<{ order: StoredOrder; created: boolean }> {
    const { store, mode, broker, now } = this.deps;
    const created = await store.createPendingOrder(child, { mode, broker: broker.broker, at: now() });
    const order = (await store.findOrder(child.clientOrderId))!;
    if (created) await this.publishEvent(order, undefined);
    return { order, created };
  }

  private async submitOne(order: StoredOrder, created: boolean, purpose: OrderPurpose): Promise<Outcome> {
    if (order.state === 'REJECTED' || order.state === 'CANCELLED') return 'failed';
    if (order.state !== 'PENDING_SUBMIT') return 'placed'; // a redelivered request: already sent
    if (!created) {
      // A PENDING_SUBMIT row from an earlier attempt (a crash, a timeout) may be at the broker: look first.
      const existing = await this.findAtBroker(order.clientOrderId);
      if (existing) {
        await this.applyBrokerView(order, existing, []);
        return existing.status === 'REJECTED' ? 'failed' : 'placed';
      }
    }
    return this.sendIfAllowed(order, purpose);
  }

  /**
   * The last step before the broker, for every order (basket legs, freeze slices, resends by sync,
   * unwinds, flattening): the trading state is read now, not when the basket started.
   */
  private async sendIfAllowed(order: StoredOrder, purpose: OrderPurpose): Promise<Outcome> {
    const refusal =
      (await this.deps.gate.refusal(order.strategyId, purpose)) ??
      (purpose === 'FLATTEN' ? undefined : this.deps.guard.refusal(purpose));
    if (refusal === undefined) return this.send(order);
    await this.transition(order, {
      state: 'REJECTED',
      filledQuantity: 0,
      reason: refusal,
      at: this.deps.now(),
    });
    return { refused: refusal };
  }

  private async send(order: StoredOrder): Promise<Outcome> {
    try {
      const { brokerOrderId } = await this.deps.broker.placeOrder(toPlaceOrder(order));
      await this.transition(order, { state: 'OPEN', brokerOrderId, filledQuantity: 0, at: this.deps.now() });
      return 'placed';
    } catch (err) {
      if (!isBrokerError(err)) throw err;
      if (err.code === 'NETWORK') return this.afterUnknownOutcome(order, err);
      await this.transition(order, {
        state: 'REJECTED',
        filledQuantity: 0,
        reason: err.message,
        at: this.deps.now(),
      });
      await this.alertBrokerFailure(order, err);
      return 'failed';
    }
  }

  /** The broker may or may not have the order: ask by tag; if it is not there, leave it for the next sync. */
  private async afterUnknownOutcome(order: StoredOrder, err: BrokerError): Promise<Outcome> {
    const found = await this.findAtBroker(order.clientOrderId).catch(() => undefined);
    if (found) {
      await this.applyBrokerView(order, found, []);
      return found.status === 'REJECTED' ? 'failed' : 'placed';
    }
    await this.deps.events.alert({
      severity: 'CRITICAL',
      code: 'order_outcome_unknown',
      message: `order ${order.clientOrderId} may or may not have reached ${this.deps.broker.broker}: ${err.message}`,
      details: { clientOrderId: order.clientOrderId, instrument: order.leg.instrument },
    });
    return 'failed';
  }

  private async findAtBroker(clientOrderId: string): Promise<BrokerOrder | undefined> {
    const orders = await this.deps.broker.getOrders();
    return orders.find((o) => o.clientOrderId === clientOrderId);
  }

  private async applyBrokerView(
    order: StoredOrder,
    atBroker: BrokerOrder,
    trades: readonly BrokerTrade[],
  ): Promise<void> {
    for (const trade of trades) await this.applyTrade(order, trade);
    const change: StateChange = {
      state: atBroker.status === 'PENDING_SUBMIT' ? 'OPEN' : atBroker.status,
      brokerOrderId: atBroker.brokerOrderId,
      filledQuantity: atBroker.filledQuantity,
      averagePrice: atBroker.filledQuantity > 0 ? atBroker.averagePrice : undefined,
      reason: atBroker.statusMessage,
      at: this.deps.now(),
    };
    if (
      change.state !== order.state ||
      change.filledQuantity !== order.filledQuantity ||
      !order.brokerOrderId
    ) {
      await this.transition(order, change);
    }
  }

  private async applyTrade(order: StoredOrder, trade: BrokerTrade): Promise<void> {
    const filledAt = new Date(trade.filledAt || this.deps.now().toISOString());
    const charges = this.deps.chargesOf(order, trade.quantity, trade.price, filledAt);
    const { applied, position } = await this.deps.store.applyFill(order, {
      fillId: `${this.deps.broker.broker}:${trade.tradeId}`,
      clientOrderId: order.clientOrderId,
      brokerOrderId: trade.brokerOrderId,
      quantity: trade.quantity,
      price: trade.price,
      charges,
      filledAt,
    });
    if (!applied) return;
    await this.deps.events.fill({
      fillId: `${this.deps.broker.broker}:${trade.tradeId}`,
      clientOrderId: order.clientOrderId,
      intentId: order.intentId,
      brokerOrderId: trade.brokerOrderId,
      strategyId: order.strategyId,
      instrument: order.leg.instrument,
      exchange: order.leg.exchange,
      side: order.leg.side,
      quantity: trade.quantity,
      price: trade.price.toString(),
      charges: charges.toString(),
      filledAt: filledAt.toISOString(),
    });
    if (position) await this.publishPosition(position, order.leg.exchange);
  }

  private async transition(order: StoredOrder, change: StateChange): Promise<void> {
    const changed = await this.deps.store.recordOrderState(order, change);
    if (!changed) return;
    const previous = order.state;
    Object.assign(order, {
      state: change.state,
      brokerOrderId: change.brokerOrderId ?? order.brokerOrderId,
      filledQuantity: change.filledQuantity,
      averagePrice: change.averagePrice ?? order.averagePrice,
    });
    await this.publishEvent(order, previous, change.reason);
  }

  private async publishEvent(
    order: StoredOrder,
    previous: OrderState | undefined,
    reason?: string,
  ): Promise<void> {
    await this.deps.events.orderEvent({
      clientOrderId: order.clientOrderId,
      brokerOrderId: order.brokerOrderId,
      state: order.state,
      previousState: previous,
      quantity: order.leg.quantity,
      filledQuantity: order.filledQuantity,
      averagePrice: order.averagePrice?.toString(),
      reason,
      at: this.deps.now().toISOString(),
    });
  }

  private async publishPosition(
    position: PositionSnapshot,
    exchange: StoredOrder['leg']['exchange'],
  ): Promise<void> {
    await this.deps.events.position({
      strategyId: position.strategyId,
      instrument: position.instrument,
      exchange,
      netQuantity: position.netQuantity,
      averagePrice: position.averagePrice.toString(),
      realizedPnl: position.realizedPnl.toString(),
      unrealizedPnl: '0',
      at: this.deps.now().toISOString(),
    });
  }

  /** A leg failed: cancel what is still open, close what filled, and raise the alarm. */
  private async unwind(
    request: OrderRequest,
    placed: readonly StoredOrder[],
    failed: StoredOrder,
  ): Promise<void> {
    await this.syncNow();
    for (const order of [...placed].reverse()) {
      const current = (await this.deps.store.findOrder(order.clientOrderId)) ?? order;
      if ((current.state === 'OPEN' || current.state === 'PARTIALLY_FILLED') && current.brokerOrderId) {
        await this.deps.broker
          .cancelOrder(current.brokerOrderId)
          .catch((err: unknown) => this.alertBrokerFailure(current, err));
      }
      if (current.filledQuantity > 0) {
        await this.submitUnwindOrder(current, request);
      }
    }
    await this.syncNow();
    await this.deps.events.alert({
      severity: 'CRITICAL',
      code: 'basket_leg_failed',
      message: `leg ${failed.clientOrderId} of intent ${request.intentId} failed; ${placed.length} placed leg(s) unwound`,
      details: { intentId: request.intentId, strategyId: request.strategyId, failed: failed.clientOrderId },
    });
  }

  private async submitUnwindOrder(order: StoredOrder, request: OrderRequest): Promise<void> {
    const unwind: ChildOrder = {
      clientOrderId: `${order.clientOrderId.slice(0, MAX_CLIENT_ORDER_ID - 2)}~U`,
      intentId: request.intentId,
      strategyId: order.strategyId,
      leg: {
        ...order.leg,
        side: order.leg.side === 'BUY' ? 'SELL' : 'BUY',
        quantity: order.filledQuantity,
        orderType: 'MARKET',
        price: undefined,
        triggerPrice: undefined,
      },
    };
    const { order: stored, created } = await this.admit(unwind);
    await this.submitOne(stored, created, 'EXIT');
  }

  private async closePosition(position: PositionSnapshot, reason: string, pass: number): Promise<void> {
    const stamp = this.deps.now().getTime().toString(36);
    const key = createHash('sha256')
      .update(`${stamp}:${pass}:${position.strategyId}:${position.instrument}`)
      .digest('base64url');
    const close: ChildOrder = {
      clientOrderId: `K${key}`.slice(0, MAX_CLIENT_ORDER_ID),
      intentId: `${KILL_SWITCH_INTENT}${stamp}`,
      strategyId: position.strategyId,
      leg: {
        instrument: position.instrument,
        exchange: position.exchange as StoredOrder['leg']['exchange'],
        side: position.netQuantity > 0 ? 'SELL' : 'BUY',
        quantity: Math.abs(position.netQuantity),
        orderType: 'MARKET',
        product: 'NRML',
        validity: 'DAY',
        role: 'MAIN',
      },
    };
    const { order: stored, created } = await this.admit(close);
    const outcome = await this.submitOne(stored, created, 'FLATTEN');
    if (outcome !== 'placed') {
      await this.deps.events.alert({
        severity: 'CRITICAL',
        code: 'flatten_failed',
        message: `could not flatten ${position.instrument} (${position.netQuantity}) for ${reason}`,
        details: { instrument: position.instrument, netQuantity: position.netQuantity },
      });
    }
  }

  private async alertBrokerFailure(order: StoredOrder, err: unknown): Promise<void> {
    const error = isBrokerError(err) ? err : undefined;
    await this.deps.events.alert({
      severity: error?.code === 'ORDER_REJECTED' || error?.code === 'INPUT' ? 'WARNING' : 'CRITICAL',
      code: error ? `broker_${error.code.toLowerCase()}` : 'broker_failure',
      message: `${order.clientOrderId} ${order.leg.side} ${order.leg.quantity} ${order.leg.instrument}: ${
        err instanceof Error ? err.message : String(err)
      }`,
      details: { clientOrderId: order.clientOrderId, broker: this.deps.broker.broker },
    });
  }
}

/**
 * What a stored order was for, when it is sent again by sync (the request's action is not stored): the
 * kill switch's own orders are FLATTEN, unwinds are EXIT, anything else counts as an entry — so under
 * REDUCING a timed-out exit is not resent blindly either; its strategy sends a new one.
 */
function storedPurpose(order: StoredOrder): OrderPurpose {
  if (isKillSwitchOrder(order)) return 'FLATTEN';
  if (order.clientOrderId.endsWith('~U')) return 'EXIT';
  return 'ENTER';
}

function isKillSwitchOrder(order: StoredOrder): boolean {
  return order.intentId?.startsWith(KILL_SWITCH_INTENT) === true;
}

function toPlaceOrder(order: StoredOrder): PlaceOrder {
  const { leg } = order;
  return {
    clientOrderId: order.clientOrderId,
    instrument: leg.instrument,
    exchange: leg.exchange,
    side: leg.side,
    quantity: leg.quantity,
    orderType: leg.orderType,
    product: leg.product,
    validity: leg.validity,
    price: leg.price === undefined ? undefined : dec(leg.price),
    triggerPrice: leg.triggerPrice === undefined ? undefined : dec(leg.triggerPrice),
  };
}
