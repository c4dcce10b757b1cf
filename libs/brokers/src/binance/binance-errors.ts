import { BrokerError, type BrokerErrorCode } from '../broker-error';

/** Binance's error body: `{"code":-1121,"msg":"Invalid symbol."}`. */
export interface BinanceErrorBody {
  code: number;
  msg: string;
}

const byCode: Record<number, BrokerErrorCode> = {
  // The request never reached the matching engine, or its outcome is unknown: reconcile before re-sending.
  [-1000]: 'NETWORK',
  [-1001]: 'NETWORK',
  [-1007]: 'NETWORK',
  [-1003]: 'RATE_LIMITED',
  [-1015]: 'RATE_LIMITED',
  // A revoked, wrong or under-permissioned key (or a wrong secret) is Binance's expired session: retrying
  // will not help, somebody has to issue new credentials.
  [-2014]: 'TOKEN_EXPIRED',
  [-2015]: 'TOKEN_EXPIRED',
  [-1022]: 'TOKEN_EXPIRED',
  [-1013]: 'INPUT',
  [-2013]: 'INPUT',
  [-2011]: 'ORDER_REJECTED',
  [-1021]: 'BROKER',
};

/**
 * Classifies a Binance error reply. 429 (rate limit) and 418 (auto-ban) are RATE_LIMITED whatever the body;
 * 5xx means "execution status unknown" (NETWORK); -11xx are malformed requests (INPUT). -2010 is the
 * matching engine refusing a new order: a duplicate open `newClientOrderId` is our input (the original
 * order exists and is found by `origClientOrderId`), anything else (balance, filters) a rejection.
 */
export function classifyBinanceError(httpStatus: number, body: unknown): BrokerError {
  const parsed = isErrorBody(body) ? body : undefined;
  const message = parsed?.msg ?? (httpStatus ? `HTTP ${httpStatus}` : 'no response');
  const brokerType = parsed ? String(parsed.code) : httpStatus ? `HTTP ${httpStatus}` : undefined;
  return new BrokerError(codeFor(httpStatus, parsed), 'binance', message, brokerType);
}

function codeFor(httpStatus: number, body: BinanceErrorBody | undefined): BrokerErrorCode {
  if (httpStatus === 429 || httpStatus === 418) return 'RATE_LIMITED';
  if (httpStatus >= 500) return 'NETWORK';
  if (!body) return httpStatus === 401 || httpStatus === 403 ? 'TOKEN_EXPIRED' : 'BROKER';
  if (body.code === -2010) return /duplicate/i.test(body.msg) ? 'INPUT' : 'ORDER_REJECTED';
  const known = byCode[body.code];
  if (known) return known;
  if (body.code <= -1100 && body.code > -1200) return 'INPUT';
  return 'BROKER';
}

export function isErrorBody(body: unknown): body is BinanceErrorBody {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as BinanceErrorBody).code === 'number' &&
    typeof (body as BinanceErrorBody).msg === 'string'
  );
}
