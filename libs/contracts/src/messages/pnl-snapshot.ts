import { z } from 'zod';

import { decimalString, isoTimestamp } from '../decimal-string';

export const PNL_SNAPSHOT = 'pnl.snapshot';

export const pnlSnapshotSchema = z.object({
  /** A strategy id, or "ALL" for the whole book. */
  scope: z.string().min(1),
  realized: decimalString,
  unrealized: decimalString,
  charges: decimalString,
  net: decimalString,
  asOf: isoTimestamp,
});
export type PnlSnapshot = z.infer<typeof pnlSnapshotSchema>;
