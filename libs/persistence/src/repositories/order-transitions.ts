import { isTerminalStatus, type Decimal, type OrderStatus } from '@dalal/domain';

// Mirrors the domain's state machine (libs/domain README, "Order state machine") for events that arrive
// as states rather than as domain events: forward only, terminal is final, REJECTED only before a fill.
const RANK: Record<OrderStatus, number> = {
  PENDING_SUBMIT: 0,
  OPEN: 1,
  PARTIALLY_FILLED: 2,
  FILLED: 3,
  CANCELLED: 3,
  REJECTED: 3,
};

export function isForwardTransition(
  from: OrderStatus,
  fromFilled: Decimal,
  to: OrderStatus,
  toFilled: Decimal,
): boolean {
  if (isTerminalStatus(from) || toFilled.lt(fromFilled)) return false;
  if (to === 'REJECTED') return fromFilled.isZero() && toFilled.isZero();
  if (to === from) return to === 'PARTIALLY_FILLED' && toFilled.gt(fromFilled);
  return RANK[to] > RANK[from];
}
