import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

import { orderLegSchema, tradingModeSchema } from '@dalal/contracts';

const reason = z.string().trim().min(1).max(500);

export const startTradingSchema = z.strictObject({
  mode: z.enum(['paper', 'live']),
  /** Strategy instance ids to start; empty starts none but lifts a stop. */
  strategies: z.array(z.string().min(1).max(64)).max(100).default([]),
});
export class StartTradingDto extends createZodDto(startTradingSchema) {}

export const stopTradingSchema = z.strictObject({ reason: reason.default('stopped by operator') });
export class StopTradingDto extends createZodDto(stopTradingSchema) {}

export const patchStrategySchema = z
  .strictObject({
    enabled: z.boolean().optional(),
    /** Replaces the instance's parameters; validated against the strategy's own schema. */
    params: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((body) => body.enabled !== undefined || body.params !== undefined, {
    message: 'give enabled, params or both',
    path: ['enabled'],
  });
export class PatchStrategyDto extends createZodDto(patchStrategySchema) {}

export const strategyIdParamSchema = z.strictObject({ id: z.string().min(1).max(64) });
export class StrategyIdParamDto extends createZodDto(strategyIdParamSchema) {}

export const killSwitchSchema = z.strictObject({
  confirm: z.literal(true, {
    message: 'must be true: the kill switch cancels every order and flattens every position',
  }),
  reason,
});
export class KillSwitchDto extends createZodDto(killSwitchSchema) {}

export const rearmSchema = z.strictObject({
  confirm: z.literal(true, { message: 'must be true' }),
  reason: reason.default('re-armed by operator'),
  /** Re-arm although positions from before the kill are still open. */
  force: z.boolean().default(false),
});
export class RearmDto extends createZodDto(rearmSchema) {}

export const exitPositionSchema = z.strictObject({ reason: reason.default('manual exit') });
export class ExitPositionDto extends createZodDto(exitPositionSchema) {}

export const manualOrderSchema = z.strictObject({
  mode: tradingModeSchema.exclude(['backtest']),
  action: z.enum(['ENTER', 'EXIT']),
  legs: z.array(orderLegSchema).min(1).max(8),
  reason: reason.default('manual order'),
});
export class ManualOrderDto extends createZodDto(manualOrderSchema) {}

export const acknowledgeAlertSchema = z.strictObject({ note: z.string().max(500).optional() });
export class AcknowledgeAlertDto extends createZodDto(acknowledgeAlertSchema) {}
