import { BrokerError, type BrokerErrorCode } from '../broker-error';

/** What the kiteconnect client rejects with: Kite's error envelope, or its own for transport failures. */
interface KiteErrorBody {
  error_type?: string;
  message?: string;
}

const byErrorType: Record<string, BrokerErrorCode> = {
  TokenException: 'TOKEN_EXPIRED',
  InputException: 'INPUT',
  OrderException: 'ORDER_REJECTED',
  MarginException: 'ORDER_REJECTED',
  HoldingException: 'ORDER_REJECTED',
  UserException: 'INPUT',
  NetworkException: 'NETWORK',
  DataException: 'BROKER',
  GeneralException: 'BROKER',
};

/**
 * Maps a kiteconnect rejection to a BrokerError. Kite answers HTTP 429 with a NetworkException saying
 * "Too many requests"; the client drops the status code, so the message tells rate limiting apart.
 */
export function classifyKiteError(err: unknown): BrokerError {
  if (err instanceof BrokerError) return err;
  const body = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as KiteErrorBody;
  const message = body.message ?? 'unknown error';
  const type = body.error_type ?? 'GeneralException';
  const code: BrokerErrorCode = /too many requests/i.test(message)
    ? 'RATE_LIMITED'
    : (byErrorType[type] ?? 'BROKER');
  return new BrokerError(code, 'kite', message, type);
}
