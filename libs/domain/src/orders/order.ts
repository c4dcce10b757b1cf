import { DomainError } from '../errors/domain-error';
import { type Instrument } from '../instruments/instrument';
import { type Decimal, ZERO } from '../money/decimal';
import { type Fill, type OrderEvent, type OrderEventType } from './order-event';
import { isTerminalStatus, type OrderStatus } from './order-status';
import { type OrderRequest } from './validate-order';

/** An order and everything we know about it, as an immutable value. Change it with `applyEvent`. */
export interface Order extends OrderRequest {
  /** Our idempotency key, sent to the broker as its tag / newClientOrderId. */
  readonly clientOrderId: string;
  readonly instrument: Instrument;
  readonly strategyId: string | null;
  readonly status: OrderStatus;
  readonly brokerOrderId: string | null;
  readonly filledQuantity: Decimal;
  /** Volume-weighted price of all fills; null before the first fill. */
  readonly averageFillPrice: Decimal | null;
  readonly fillIds: readonly string[];
  /** Why the order was rejected or cancelled. */
  readonly reason: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface NewOrder {
  readonly clientOrderId: string;
  readonly instrument: Instrument;
  readonly request: OrderRequest;
  readonly createdAt: string;
  readonly strategyId?: string;
}

/** A fresh order in PENDING_SUBMIT. Run `validateOrder` first; this only guards the invariants it needs. */
export function createOrder(input: NewOrder): Order {
  if (input.request.quantity.lte(0)) {
    throw new DomainError(
      'INVALID_QUANTITY',
      `order quantity must be positive, got ${input.request.quantity.toString()}`,
    );
  }
  return {
    ...input.request,
    clientOrderId: input.clientOrderId,
    instrument: input.instrument,
    strategyId: input.strategyId ?? null,
    status: 'PENDING_SUBMIT',
    brokerOrderId: null,
    filledQuantity: ZERO,
    averageFillPrice: null,
    fillIds: [],
    reason: null,
    createdAt: input.createdAt,
    updatedAt: input.createdAt,
  };
}

/** Which statuses each event may leave from. Everything else is an ILLEGAL_TRANSITION. */
const LEGAL_FROM: Record<OrderEventType, ReadonlySet<OrderStatus>> = {
  ACCEPTED: new Set<OrderStatus>(['PENDING_SUBMIT']),
  REJECTED: new Set<OrderStatus>(['PENDING_SUBMIT', 'OPEN']),
  CANCELLED: new Set<OrderStatus>(['PENDING_SUBMIT', 'OPEN', 'PARTIALLY_FILLED']),
  FILL: new Set<OrderStatus>(['PENDING_SUBMIT', 'OPEN', 'PARTIALLY_FILLED']),
};

export function canApply(status: OrderStatus, event: OrderEventType): boolean {
  return LEGAL_FROM[event].has(status);
}

/**
 * The same state machine for news that arrives as a state rather than an event (a broker's order status,
 * a redelivered order event): is `from` (with `fromFilled` done) → `to` (with `toFilled`) a step forward?
 * A repeat or a step back is not, so a late or duplicated report changes nothing.
 */
export function isForwardStatusChange(
  from: OrderStatus,
  fromFilled: Decimal,
  to: OrderStatus,
  toFilled: Decimal,
): boolean {
  if (toFilled.lt(fromFilled)) return false;
  switch (to) {
    case 'PENDING_SUBMIT':
      return false;
    case 'OPEN':
      return canApply(from, 'ACCEPTED');
    case 'REJECTED':
      return canApply(from, 'REJECTED') && toFilled.isZero();
    case 'CANCELLED':
      return canApply(from, 'CANCELLED');
    case 'PARTIALLY_FILLED':
      return canApply(from, 'FILL') && (from !== 'PARTIALLY_FILLED' || toFilled.gt(fromFilled));
    case 'FILLED':
      return canApply(from, 'FILL');
  }
}

export function remainingQuantity(order: Order): Decimal {
  return order.quantity.minus(order.filledQuantity);
}

function applyFillEvent(order: Order, fill: Fill): Order {
  if (fill.quantity.lte(0) || fill.price.lte(0)) {
    throw new DomainError('INVALID_FILL', `fill ${fill.fillId} needs a positive quantity and price`, {
      clientOrderId: order.clientOrderId,
      fillId: fill.fillId,
    });
  }
  if (order.fillIds.includes(fill.fillId)) {
    throw new DomainError(
      'DUPLICATE_FILL',
      `fill ${fill.fillId} was already applied to ${order.clientOrderId}`,
      {
        clientOrderId: order.clientOrderId,
        fillId: fill.fillId,
      },
    );
  }
  const filledQuantity = order.filledQuantity.plus(fill.quantity);
  if (filledQuantity.gt(order.quantity)) {
    throw new DomainError(
      'OVERFILL',
      `fill ${fill.fillId} of ${fill.quantity.toString()} would fill ${filledQuantity.toString()} of ${order.quantity.toString()}`,
      { clientOrderId: order.clientOrderId, fillId: fill.fillId },
    );
  }
  const previousValue = order.averageFillPrice?.mul(order.filledQuantity) ?? ZERO;
  return {
    ...order,
    status: filledQuantity.eq(order.quantity) ? 'FILLED' : 'PARTIALLY_FILLED',
    brokerOrderId: order.brokerOrderId ?? fill.brokerOrderId ?? null,
    filledQuantity,
    averageFillPrice: previousValue.plus(fill.price.mul(fill.quantity)).div(filledQuantity),
    fillIds: [...order.fillIds, fill.fillId],
    updatedAt: fill.at,
  };
}

/**
 * The order after `event`, or a DomainError: ILLEGAL_TRANSITION for a move the state machine forbids
 * (backwards, out of a terminal state, REJECTED after a fill), OVERFILL / DUPLICATE_FILL / INVALID_FILL
 * for fills that cannot be true. Never mutates `order`.
 */
export function applyEvent(order: Order, event: OrderEvent): Order {
  if (!canApply(order.status, event.type)) {
    throw new DomainError(
      'ILLEGAL_TRANSITION',
      `${event.type} is not allowed on ${order.status} order ${order.clientOrderId}` +
        (isTerminalStatus(order.status) ? ' (terminal)' : ''),
      { clientOrderId: order.clientOrderId, from: order.status, event: event.type },
    );
  }
  switch (event.type) {
    case 'ACCEPTED':
      return { ...order, status: 'OPEN', brokerOrderId: event.brokerOrderId, updatedAt: event.at };
    case 'REJECTED':
      return { ...order, status: 'REJECTED', reason: event.reason, updatedAt: event.at };
    case 'CANCELLED':
      return { ...order, status: 'CANCELLED', reason: event.reason, updatedAt: event.at };
    case 'FILL':
      return applyFillEvent(order, event.fill);
  }
}

export function applyFill(order: Order, fill: Fill): Order {
  return applyEvent(order, { type: 'FILL', fill });
}
