import { type OrderLeg } from '@dalal/contracts';

/** One order as sent to the broker: a leg of a request, or a freeze-limit slice of one. */
export interface ChildOrder {
  clientOrderId: string;
  intentId: string;
  strategyId: string;
  leg: OrderLeg;
}
