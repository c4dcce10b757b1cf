import { z } from 'zod';

import { decimalString, isoTimestamp } from '../decimal-string';
import { exchangeSchema } from '../trading-enums';

export const POSITION_UPDATE = 'position.update';

export const positionUpdateSchema = z.object({
  strategyId: z.string().min(1),
  instrument: z.string().min(1),
  exchange: exchangeSchema,
  /** Signed: positive long, negative short. */
  netQuantity: z.number().int(),
  averagePrice: decimalString,
  realizedPnl: decimalString,
  unrealizedPnl: decimalString,
  markPrice: decimalString.optional(),
  at: isoTimestamp,
});
export type PositionUpdate = z.infer<typeof positionUpdateSchema>;
