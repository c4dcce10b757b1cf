import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';

import { GatewayError } from '../gateway-error';
import { ApiKeysService } from './api-keys.service';
import { AuthService } from './auth.service';
import { type AuthenticatedRequest, type Principal } from './principal';

/** The credential a request carries: `Authorization: Bearer <jwt>` or `X-API-Key: <key>`. */
export async function authenticate(
  headers: { authorization?: string; apiKey?: string },
  auth: AuthService,
  apiKeys: ApiKeysService,
): Promise<Principal | null> {
  const bearer = /^Bearer (\S+)$/i.exec(headers.authorization ?? '')?.[1];
  if (bearer) return auth.principalOf(bearer);
  if (headers.apiKey) return apiKeys.principalOf(headers.apiKey);
  return null;
}

/** Every API route but login and health: a valid JWT or API key, else 401 that never says which part failed. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await authenticate(
      { authorization: request.get('authorization'), apiKey: request.get('x-api-key') },
      this.auth,
      this.apiKeys,
    );
    if (!principal) throw new GatewayError('UNAUTHENTICATED', 'authentication required');
    request.principal = principal;
    return true;
  }
}
