import { z } from 'zod';

import { decimalString, isoTimestamp } from '../decimal-string';
import { exchangeSchema, timeframeSchema } from '../trading-enums';

export const BAR = 'md.bar';

export const barSchema = z.object({
  instrument: z.string().min(1),
  exchange: exchangeSchema,
  timeframe: timeframeSchema,
  openTime: isoTimestamp,
  closeTime: isoTimestamp,
  open: decimalString,
  high: decimalString,
  low: decimalString,
  close: decimalString,
  volume: z.number().int().nonnegative(),
  /** false while the bar is still forming (optional live updates); strategies act on closed bars. */
  closed: z.boolean(),
});
export type Bar = z.infer<typeof barSchema>;
