import { Injectable } from '@nestjs/common';

import { type OrderLeg } from '@dalal/contracts';
import { averagePrice, ZERO } from '@dalal/domain';
import { OrdersRepository, type StoredOrder as RecordedOrder, type StoredPosition } from '@dalal/persistence';

import { type ChildOrder } from './execution/child-order';
import {
  type ExecutionStore,
  type FillRecord,
  type OrderState,
  type PositionSnapshot,
  type StateChange,
  type StoredOrder,
  type TradingMode,
} from './execution/execution-store';

/** The execution service's view of the order book of record (libs/persistence). */
@Injectable()
export class PrismaExecutionStore implements ExecutionStore {
  constructor(private readonly orders: OrdersRepository) {}

  async createPendingOrder(
    child: ChildOrder,
    context: { mode: TradingMode; broker: string; at: Date },
  ): Promise<boolean> {
    const { outcome } = await this.orders.recordOrderSubmitted({
      clientOrderId: child.clientOrderId,
      intentId: child.intentId,
      strategyId: child.strategyId,
      mode: context.mode,
      broker: context.broker,
      leg: child.leg,
      at: context.at,
    });
    return outcome === 'recorded';
  }

  async findOrder(clientOrderId: string): Promise<StoredOrder | undefined> {
    const order = await this.orders.findOrder(clientOrderId);
    return order ? toExecutionOrder(order) : undefined;
  }

  async recordOrderState(order: StoredOrder, change: StateChange): Promise<boolean> {
    const { outcome } = await this.orders.recordOrderEvent({
      clientOrderId: order.clientOrderId,
      brokerOrderId: change.brokerOrderId ?? order.brokerOrderId,
      state: change.state,
      previousState: order.state,
      quantity: order.leg.quantity,
      filledQuantity: change.filledQuantity,
      averagePrice: change.averagePrice?.toString(),
      reason: change.reason,
      at: change.at.toISOString(),
    });
    return outcome === 'recorded';
  }

  async applyFill(
    order: StoredOrder,
    fill: FillRecord,
  ): Promise<{ applied: boolean; position?: PositionSnapshot }> {
    const { outcome, position } = await this.orders.applyFill({
      fillId: fill.fillId,
      clientOrderId: fill.clientOrderId,
      brokerOrderId: fill.brokerOrderId,
      strategyId: order.strategyId,
      instrument: order.leg.instrument,
      exchange: order.leg.exchange,
      side: order.leg.side,
      quantity: fill.quantity,
      price: fill.price.toString(),
      charges: fill.charges.toString(),
      filledAt: fill.filledAt.toISOString(),
    });
    return { applied: outcome === 'applied', position: toSnapshot(position) };
  }

  async ordersInStates(states: readonly OrderState[]): Promise<StoredOrder[]> {
    return (await this.orders.findOrdersInState(states)).map(toExecutionOrder);
  }

  async positions(mode: TradingMode): Promise<PositionSnapshot[]> {
    return (await this.orders.openPositions(mode)).map(toSnapshot);
  }
}

function toExecutionOrder(order: RecordedOrder): StoredOrder {
  const leg: OrderLeg = {
    instrument: order.instrument,
    exchange: order.exchange as OrderLeg['exchange'],
    side: order.side,
    quantity: order.quantity.toNumber(),
    orderType: order.orderType as OrderLeg['orderType'],
    product: order.product as OrderLeg['product'],
    validity: order.validity as OrderLeg['validity'],
    role: order.role as OrderLeg['role'],
    price: order.price?.toString(),
    triggerPrice: order.triggerPrice?.toString(),
  };
  return {
    clientOrderId: order.clientOrderId,
    brokerOrderId: order.brokerOrderId ?? undefined,
    intentId: order.intentId ?? undefined,
    strategyId: order.strategyId,
    mode: order.mode,
    broker: order.broker,
    leg,
    state: order.state,
    filledQuantity: order.filledQuantity.toNumber(),
    averagePrice: order.averagePrice ?? undefined,
  };
}

function toSnapshot(position: StoredPosition): PositionSnapshot {
  return {
    strategyId: position.strategyId,
    exchange: position.exchange,
    instrument: position.instrument,
    netQuantity: position.netQuantity.toNumber(),
    averagePrice: averagePrice(position) ?? ZERO,
    realizedPnl: position.realizedPnl,
  };
}
