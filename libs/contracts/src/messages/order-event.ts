import { z } from 'zod';

import { decimalString, isoTimestamp } from '../decimal-string';
import { orderStateSchema } from '../trading-enums';

export const ORDER_EVENT = 'order.event';

/** One state transition of an order; the append-only order_events table mirrors these. */
export const orderEventSchema = z.object({
  clientOrderId: z.string().min(1),
  brokerOrderId: z.string().optional(),
  state: orderStateSchema,
  previousState: orderStateSchema.optional(),
  quantity: z.number().int().positive(),
  filledQuantity: z.number().int().nonnegative(),
  averagePrice: decimalString.optional(),
  reason: z.string().optional(),
  at: isoTimestamp,
});
export type OrderEvent = z.infer<typeof orderEventSchema>;
