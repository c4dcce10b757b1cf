import { z } from 'zod';

import { brokerIdSchema, tradingModeSchema } from '../trading-enums';
import { orderLegSchema } from './order-leg';

export const ORDER_REQUEST = 'risk.order-request';

/** An intent approved by risk: a basket of legs, each with a deterministic clientOrderId. */
export const orderRequestSchema = z.object({
  intentId: z.string().min(1),
  strategyId: z.string().min(1),
  mode: tradingModeSchema,
  broker: brokerIdSchema,
  action: z.enum(['ENTER', 'EXIT']),
  legs: z
    .array(
      z.object({
        clientOrderId: z.string().min(1).max(20),
        leg: orderLegSchema,
      }),
    )
    .min(1),
});
export type OrderRequest = z.infer<typeof orderRequestSchema>;
