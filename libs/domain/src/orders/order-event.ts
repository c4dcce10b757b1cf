import { type Decimal } from '../money/decimal';

/**
 * What can happen to an order after we create it. `at` is the event's time as an ISO-8601 UTC string,
 * supplied by the caller (the domain has no clock).
 */
export type OrderEvent = OrderAccepted | OrderRejected | OrderCancelled | OrderFilled;

export interface OrderAccepted {
  readonly type: 'ACCEPTED';
  readonly brokerOrderId: string;
  readonly at: string;
}

export interface OrderRejected {
  readonly type: 'REJECTED';
  readonly reason: string;
  readonly at: string;
}

/** Also covers IOC expiry and an exchange cancelling the unfilled rest of an order. */
export interface OrderCancelled {
  readonly type: 'CANCELLED';
  readonly reason: string;
  readonly at: string;
}

export interface Fill {
  /** The broker's trade id; fills are de-duplicated on it. */
  readonly fillId: string;
  readonly quantity: Decimal;
  readonly price: Decimal;
  readonly at: string;
  /** An order filled before its acknowledgement learns its broker id from the fill. */
  readonly brokerOrderId?: string;
}

export interface OrderFilled {
  readonly type: 'FILL';
  readonly fill: Fill;
}

export type OrderEventType = OrderEvent['type'];
