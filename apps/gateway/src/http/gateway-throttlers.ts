import { type ExecutionContext } from '@nestjs/common';
import { type ThrottlerModuleOptions } from '@nestjs/throttler';

import { LOGIN_ROUTE } from '../auth/auth.controller';
import { type GatewayConfig } from '../config';

const MINUTE_MS = 60_000;

const isLoginRoute = (context: ExecutionContext) =>
  Reflect.getMetadata(LOGIN_ROUTE, context.getHandler()) === true;

/**
 * Per-client (address) request limits: one for the whole API, and a tight one for login and refresh so
 * a password cannot be guessed at speed even before the lockout starts.
 */
export function gatewayThrottlers(config: GatewayConfig): ThrottlerModuleOptions {
  return {
    throttlers: [
      { name: 'api', ttl: MINUTE_MS, limit: config.API_RATE_PER_MINUTE },
      {
        name: 'login',
        ttl: MINUTE_MS,
        limit: config.LOGIN_RATE_PER_MINUTE,
        skipIf: (context) => !isLoginRoute(context),
      },
    ],
  };
}
