import { type OrderLeg } from '@dalal/contracts';
import { type Decimal } from '@dalal/domain';

import { type ChildOrder } from './child-order';

export type OrderState = 'PENDING_SUBMIT' | 'OPEN' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELLED' | 'REJECTED';
export type TradingMode = 'backtest' | 'paper' | 'live';

export interface StoredOrder {
  clientOrderId: string;
  brokerOrderId?: string;
  intentId?: string;
  strategyId: string;
  mode: TradingMode;
  broker: string;
  leg: OrderLeg;
  state: OrderState;
  filledQuantity: number;
  averagePrice?: Decimal;
}

export interface StateChange {
  state: OrderState;
  brokerOrderId?: string;
  filledQuantity: number;
  averagePrice?: Decimal;
  reason?: string;
  at: Date;
}

export interface FillRecord {
  /** The broker's trade id: the idempotency key of a fill. */
  fillId: string;
  clientOrderId: string;
  brokerOrderId?: string;
  quantity: number;
  price: Decimal;
  charges: Decimal;
  filledAt: Date;
}

export interface PositionSnapshot {
  strategyId: string;
  exchange: string;
  instrument: string;
  netQuantity: number;
  averagePrice: Decimal;
  realizedPnl: Decimal;
}

/**
 * What the execution service needs from the system of record. Every write is idempotent: a redelivered
 * message or a repeated poll changes nothing the second time.
 */
export interface ExecutionStore {
  /** The order row in PENDING_SUBMIT and its first event, in one transaction; false if it exists. */
  createPendingOrder(
    child: ChildOrder,
    context: { mode: TradingMode; broker: string; at: Date },
  ): Promise<boolean>;
  findOrder(clientOrderId: string): Promise<StoredOrder | undefined>;
  /** Moves the order and appends the event in one transaction; false when the change was already recorded. */
  recordOrderState(order: StoredOrder, change: StateChange): Promise<boolean>;
  /** The fill and the position it changes, in one transaction; `applied` false for a fill seen before. */
  applyFill(order: StoredOrder, fill: FillRecord): Promise<{ applied: boolean; position?: PositionSnapshot }>;
  ordersInStates(states: readonly OrderState[]): Promise<StoredOrder[]>;
  positions(mode: TradingMode): Promise<PositionSnapshot[]>;
}
