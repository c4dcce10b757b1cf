import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export const loginSchema = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});
export class LoginDto extends createZodDto(loginSchema) {}

export const refreshSchema = z.strictObject({ refreshToken: z.string().min(1).max(4096) });
export class RefreshDto extends createZodDto(refreshSchema) {}

export const tokensSchema = z.object({
  tokenType: z.literal('Bearer'),
  accessToken: z.string(),
  expiresAt: z.iso.datetime(),
  expiresIn: z.number().int().describe('seconds'),
  refreshToken: z.string(),
  refreshExpiresAt: z.iso.datetime(),
  refreshExpiresIn: z.number().int().describe('seconds'),
});
export class TokensDto extends createZodDto(tokensSchema) {}

export const createApiKeySchema = z.strictObject({ name: z.string().trim().min(1).max(64) });
export class CreateApiKeyDto extends createZodDto(createApiKeySchema) {}

export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});
export class ApiKeyDto extends createZodDto(apiKeySchema) {}
export class CreatedApiKeyDto extends createZodDto(
  apiKeySchema.extend({ key: z.string().describe('shown only in this response') }),
) {}

export const apiKeyIdSchema = z.strictObject({ id: z.string().regex(/^[0-9a-f]{16}$/, 'must be a key id') });
export class ApiKeyIdDto extends createZodDto(apiKeyIdSchema) {}
