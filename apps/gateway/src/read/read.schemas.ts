import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

import { exchangeSchema, orderStateSchema, timeframeSchema, tradingModeSchema } from '@dalal/contracts';

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD (IST trading day)');
const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });

const paging = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
};

const numericId = z.coerce.number().int().positive().max(2_147_483_647);

export const positionsQuerySchema = z.strictObject({
  mode: tradingModeSchema.optional(),
  /** `false` also lists flat positions (with their realized P&L). */
  open: z.enum(['true', 'false']).default('true'),
});
export class PositionsQueryDto extends createZodDto(positionsQuerySchema) {}

export const ordersQuerySchema = z.strictObject({
  status: z
    .string()
    .optional()
    .transform((value) => value?.split(',').filter(Boolean))
    .pipe(z.array(orderStateSchema).optional()),
  strategy: z.string().min(1).max(64).optional(),
  day: isoDay.optional(),
  ...paging,
});
export class OrdersQueryDto extends createZodDto(ordersQuerySchema) {}

export const idParamSchema = z.strictObject({ id: numericId });
export class IdParamDto extends createZodDto(idParamSchema) {}

export const tradesQuerySchema = z.strictObject({
  strategy: z.string().min(1).max(64).optional(),
  day: isoDay.optional(),
  ...paging,
});
export class TradesQueryDto extends createZodDto(tradesQuerySchema) {}

export const pnlQuerySchema = z.strictObject({
  /** First and last trading day (IST), inclusive; both default to today. */
  from: isoDay.optional(),
  to: isoDay.optional(),
  mode: tradingModeSchema.optional(),
});
export class PnlQueryDto extends createZodDto(pnlQuerySchema) {}

export const signalsQuerySchema = z.strictObject({
  strategy: z.string().min(1).max(64).optional(),
  from: instant.optional(),
  to: instant.optional(),
  ...paging,
});
export class SignalsQueryDto extends createZodDto(signalsQuerySchema) {}

export const barsQuerySchema = z.strictObject({
  exchange: exchangeSchema,
  instrument: z.string().min(1).max(64),
  timeframe: timeframeSchema,
  from: instant.optional(),
  to: instant.optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});
export class BarsQueryDto extends createZodDto(barsQuerySchema) {}

export const alertsQuerySchema = z.strictObject({
  acknowledged: z.enum(['true', 'false']).optional(),
  severity: z.enum(['INFO', 'WARNING', 'CRITICAL']).optional(),
  ...paging,
});
export class AlertsQueryDto extends createZodDto(alertsQuerySchema) {}
