import { BrokerError, type BrokerErrorCode } from '../broker-error';

/**
 * SmartAPI's two failure envelopes: the API's `{status:false, message, errorcode}` (usually HTTP 200) and
 * the gateway's `{success:false, message, errorCode:'AG8001'}` for a bad or expired token.
 */
export interface SmartApiEnvelope {
  status?: boolean;
  success?: boolean;
  message?: string;
  errorcode?: string;
  errorCode?: string;
  data?: unknown;
}

const byCode: Record<string, BrokerErrorCode> = {
  // The session is gone or was never granted: block and log in again.
  AG8001: 'TOKEN_EXPIRED', // Invalid Token
  AG8002: 'TOKEN_EXPIRED', // Token Expired
  AG8003: 'TOKEN_EXPIRED', // Token missing
  AB8050: 'TOKEN_EXPIRED', // Invalid refresh token
  AB8051: 'TOKEN_EXPIRED', // Refresh token expired
  AB1010: 'TOKEN_EXPIRED', // AMX session expired
  AB1011: 'TOKEN_EXPIRED', // Client not logged in
  AB1000: 'TOKEN_EXPIRED', // Invalid client code or PIN: login refused
  AB1050: 'TOKEN_EXPIRED', // Invalid TOTP: login refused [V: code]
  // Malformed requests.
  AB1008: 'INPUT', // Invalid order variety
  AB1009: 'INPUT', // Symbol not found
  AB1012: 'INPUT', // Invalid product type
  AB1013: 'INPUT', // Order not found
  AB1018: 'INPUT', // Failed to get symbol details
  AB4008: 'INPUT', // ordertag longer than 20 characters
  AB1006: 'ORDER_REJECTED', // Client blocked for trading
  // Angel's OMS failed: for an order placement the outcome is unknown.
  AB1004: 'NETWORK', // Something went wrong, try after some time
  AB1007: 'NETWORK', // AMX error
  AB2001: 'NETWORK', // Internal error
};

/**
 * Maps a SmartAPI failure to a BrokerError, whichever envelope spelling it came in. Rate limiting shows as
 * HTTP 429 or as the gateway's "exceeding access rate" refusal (HTTP 403 [V]); other 5xx are NETWORK.
 */
export function classifySmartApiError(httpStatus: number, body: unknown): BrokerError {
  const envelope: SmartApiEnvelope =
    typeof body === 'object' && body !== null ? (body as SmartApiEnvelope) : { message: String(body ?? '') };
  const errorCode = envelope.errorcode || envelope.errorCode || undefined;
  const message = envelope.message || (httpStatus ? `HTTP ${httpStatus}` : 'no response');
  return new BrokerError(codeFor(httpStatus, errorCode, message), 'smartapi', message, errorCode);
}

function codeFor(httpStatus: number, errorCode: string | undefined, message: string): BrokerErrorCode {
  if (httpStatus === 429 || /access rate|too many requests|rate limit/i.test(message)) return 'RATE_LIMITED';
  if (httpStatus >= 500) return 'NETWORK';
  const known = errorCode ? byCode[errorCode] : undefined;
  if (known) return known;
  // AB4xxx are Angel's field validation codes (AB4008: ordertag too long).
  if (errorCode && /^AB4\d{3}$/.test(errorCode)) return 'INPUT';
  if (/invalid token|token expired/i.test(message)) return 'TOKEN_EXPIRED';
  if (httpStatus === 401 || httpStatus === 403) return 'TOKEN_EXPIRED';
  if (httpStatus === 400) return 'INPUT';
  return 'BROKER';
}
