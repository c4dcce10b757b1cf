/**
 * - UNAUTHENTICATED: no valid token or key (the response never says which part was wrong).
 * - LOCKED_OUT: too many failed logins; retry after the lock.
 * - NOT_FOUND: an unknown id (details.field names the parameter).
 * - INVALID_INPUT: a value the schema allows but the system refuses (details.field names it).
 * - CONFLICT: the request contradicts the state in force (e.g. re-arming while not halted).
 * - NOT_CONFIGURED: a feature whose settings are missing (e.g. Kite login without KITE_API_KEY).
 * - BROKER_LOGIN_FAILED: the broker refused or could not be reached during a login.
 */
export type GatewayErrorCode =
  | 'UNAUTHENTICATED'
  | 'LOCKED_OUT'
  | 'NOT_FOUND'
  | 'INVALID_INPUT'
  | 'CONFLICT'
  | 'NOT_CONFIGURED'
  | 'BROKER_LOGIN_FAILED';

export class GatewayError extends Error {
  override readonly name = 'GatewayError';

  constructor(
    readonly code: GatewayErrorCode,
    message: string,
    readonly details: { field?: string; retryAfterSeconds?: number } = {},
  ) {
    super(message);
  }
}

export const HTTP_STATUS_OF: Record<GatewayErrorCode, number> = {
  UNAUTHENTICATED: 401,
  LOCKED_OUT: 429,
  NOT_FOUND: 404,
  INVALID_INPUT: 400,
  CONFLICT: 409,
  NOT_CONFIGURED: 503,
  BROKER_LOGIN_FAILED: 502,
};
