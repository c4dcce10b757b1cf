import { z } from 'zod';

import { decimalString, isoTimestamp, positiveInt } from '../decimal-string';
import { exchangeSchema, sideSchema } from '../trading-enums';

export const FILL = 'order.fill';

export const fillSchema = z.object({
  fillId: z.string().min(1),
  clientOrderId: z.string().min(1),
  /** The intent whose order request this fill belongs to, so the strategy and risk books can attribute it. */
  intentId: z.string().min(1).optional(),
  brokerOrderId: z.string().optional(),
  strategyId: z.string().min(1),
  instrument: z.string().min(1),
  exchange: exchangeSchema,
  side: sideSchema,
  quantity: positiveInt,
  price: decimalString,
  charges: decimalString,
  filledAt: isoTimestamp,
});
export type Fill = z.infer<typeof fillSchema>;
