import { z } from 'zod';

import { decimalString, positiveInt } from '../decimal-string';
import { exchangeSchema, orderTypeSchema, productSchema, sideSchema, validitySchema } from '../trading-enums';

/** One leg of an intent or order request; HEDGE legs go first on entry and last on exit. */
export const orderLegSchema = z
  .object({
    instrument: z.string().min(1),
    exchange: exchangeSchema,
    side: sideSchema,
    quantity: positiveInt,
    orderType: orderTypeSchema,
    product: productSchema,
    validity: validitySchema.default('DAY'),
    price: decimalString.optional(),
    triggerPrice: decimalString.optional(),
    role: z.enum(['MAIN', 'HEDGE']).default('MAIN'),
  })
  .superRefine((leg, ctx) => {
    if ((leg.orderType === 'LIMIT' || leg.orderType === 'SL') && leg.price === undefined) {
      ctx.addIssue({ code: 'custom', path: ['price'], message: `${leg.orderType} order needs a price` });
    }
    if ((leg.orderType === 'SL' || leg.orderType === 'SL-M') && leg.triggerPrice === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['triggerPrice'],
        message: `${leg.orderType} order needs a trigger price`,
      });
    }
  });
export type OrderLeg = z.infer<typeof orderLegSchema>;
