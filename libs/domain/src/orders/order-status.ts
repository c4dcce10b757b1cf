/**
 * PENDING_SUBMIT → OPEN → PARTIALLY_FILLED → FILLED | CANCELLED | REJECTED, only ever forward.
 *
 * Decisions (docs in README "Order state machine"):
 * - PENDING_SUBMIT may go straight to PARTIALLY_FILLED or FILLED: a marketable order can fill before
 *   the broker's acknowledgement reaches us, and the fill is the stronger fact.
 * - PENDING_SUBMIT may go to CANCELLED: an IOC that finds no liquidity, or a cancel issued before the
 *   acknowledgement, is reported as cancelled without ever having been open.
 * - REJECTED only before any fill (PENDING_SUBMIT, OPEN): once something traded, an order can only end
 *   FILLED or CANCELLED.
 */
export type OrderStatus =
  'PENDING_SUBMIT' | 'OPEN' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELLED' | 'REJECTED';

export const ORDER_STATUSES: readonly OrderStatus[] = [
  'PENDING_SUBMIT',
  'OPEN',
  'PARTIALLY_FILLED',
  'FILLED',
  'CANCELLED',
  'REJECTED',
];

const TERMINAL: ReadonlySet<OrderStatus> = new Set<OrderStatus>(['FILLED', 'CANCELLED', 'REJECTED']);

export function isTerminalStatus(status: OrderStatus): boolean {
  return TERMINAL.has(status);
}
