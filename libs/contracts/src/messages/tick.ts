import { z } from 'zod';

import { decimalString, isoTimestamp } from '../decimal-string';
import { exchangeSchema } from '../trading-enums';

export const TICK = 'md.tick';

export const tickSchema = z.object({
  instrument: z.string().min(1),
  exchange: exchangeSchema,
  ltp: decimalString,
  volume: z.number().int().nonnegative().optional(),
  bid: decimalString.optional(),
  ask: decimalString.optional(),
  openInterest: z.number().int().nonnegative().optional(),
  exchangeTs: isoTimestamp,
});
export type Tick = z.infer<typeof tickSchema>;
