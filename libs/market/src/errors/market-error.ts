/** Every failure libs/market reports, so callers can branch on `code` instead of parsing messages. */
export type MarketErrorCode =
  | 'INVALID_DATE'
  | 'INVALID_TIME'
  | 'CALENDAR_YEAR_UNKNOWN'
  | 'NO_TRADING_DAY_FOUND'
  | 'UNKNOWN_UNDERLYING'
  | 'NO_EXPIRY_RULE'
  | 'NOT_AN_EXPIRY'
  | 'INVALID_SYMBOL'
  | 'INVALID_STRIKE'
  | 'INVALID_OPTION_INPUT'
  | 'PRICE_OUTSIDE_BOUNDS'
  | 'IV_NOT_CONVERGED'
  | 'DELTA_UNREACHABLE';

export class MarketError extends Error {
  override readonly name = 'MarketError';

  constructor(
    readonly code: MarketErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isMarketError(value: unknown): value is MarketError {
  return value instanceof MarketError;
}
