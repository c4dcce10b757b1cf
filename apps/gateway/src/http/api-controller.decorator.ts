import { applyDecorators, Controller, UseFilters, UseGuards, UsePipes } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ZodValidationPipe } from 'nestjs-zod';

import { AuthGuard } from '../auth/auth.guard';
import { GatewayExceptionFilter } from './gateway-exception.filter';

export const API_PREFIX = 'api/v1';

/**
 * A controller under /api/v1 with the gateway's edge: per-client rate limits, zod validation of body,
 * query and params, errors as JSON naming the field (never a stack), and — unless `public` — a JWT or
 * API key. Applied per controller rather than app-wide because the service's own /health and its bus
 * handlers share the Nest application and must stay outside.
 */
export function ApiController(path: string, options: { public?: boolean; tag?: string } = {}) {
  const decorators = [
    Controller(`${API_PREFIX}/${path}`.replace(/\/$/, '')),
    ApiTags(options.tag ?? (path.split('/')[0] || 'gateway')),
    UseFilters(GatewayExceptionFilter),
    UsePipes(ZodValidationPipe),
  ];
  if (options.public) decorators.push(UseGuards(ThrottlerGuard));
  else decorators.push(UseGuards(ThrottlerGuard, AuthGuard), ApiBearerAuth(), ApiSecurity('api-key'));
  return applyDecorators(...decorators);
}
