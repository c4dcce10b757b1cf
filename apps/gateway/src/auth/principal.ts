import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { type Request } from 'express';

/** Who is calling: the operator (by user name) or a script (by API key id). Written into every audit row. */
export interface Principal {
  kind: 'user' | 'api-key';
  /** The audit log's actor: the user name, or `api-key:<id>`. */
  actor: string;
  /** When the credential stops being valid (epoch ms); absent for API keys, valid until revoked. */
  expiresAtMs?: number;
}

/** Where a call came from, for the audit log. */
export interface CallContext {
  principal: Principal;
  ipAddress?: string;
  userAgent?: string;
}

export type AuthenticatedRequest = Request & { principal?: Principal };

export function callContextOf(request: AuthenticatedRequest): CallContext {
  if (!request.principal) throw new Error('callContextOf used on a route without the auth guard');
  return {
    principal: request.principal,
    ipAddress: request.ip,
    userAgent: request.get('user-agent') ?? undefined,
  };
}

/** The caller of a guarded route, with address and user agent. */
export const Caller = createParamDecorator((_: unknown, context: ExecutionContext): CallContext =>
  callContextOf(context.switchToHttp().getRequest<AuthenticatedRequest>()),
);
