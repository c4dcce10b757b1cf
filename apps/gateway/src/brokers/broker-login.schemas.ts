import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export const kiteLoginQuerySchema = z.strictObject({
  /** `json` answers `{ url }` instead of redirecting (the dashboard opens the URL itself). */
  format: z.enum(['redirect', 'json']).default('redirect'),
});
export class KiteLoginQueryDto extends createZodDto(kiteLoginQuerySchema) {}

export const kiteCallbackQuerySchema = z.object({
  request_token: z.string().min(1).max(128).optional(),
  status: z.string().max(32).optional(),
  /** Our one-time value, passed through Kite in `redirect_params`. */
  state: z.string().min(1).max(128).optional(),
  action: z.string().max(32).optional(),
  type: z.string().max(32).optional(),
});
export class KiteCallbackQueryDto extends createZodDto(kiteCallbackQuerySchema) {}

export const smartApiLoginSchema = z.strictObject({
  clientCode: z.string().trim().min(1).max(32),
  pin: z.string().regex(/^\d{4,8}$/, 'must be the 4-8 digit PIN'),
  totp: z.string().regex(/^\d{6}$/, 'must be the 6-digit code from the authenticator app'),
});
export class SmartApiLoginDto extends createZodDto(smartApiLoginSchema) {}

export const brokerLoginResultSchema = z.object({
  broker: z.enum(['kite', 'smartapi']),
  accountId: z.string(),
  sessionId: z.string(),
  expiresAt: z.iso.datetime().nullable(),
});
export class BrokerLoginResultDto extends createZodDto(brokerLoginResultSchema) {}
