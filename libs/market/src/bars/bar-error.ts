/**
 * Errors of bar handling. Kept beside the bars (rather than as new MarketErrorCode members) so this
 * folder stays self-contained; callers branch on `code`.
 */
export type BarErrorCode = 'INVALID_TIMEFRAME' | 'INVALID_BAR';

export class BarError extends Error {
  override readonly name = 'BarError';

  constructor(
    readonly code: BarErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isBarError(value: unknown): value is BarError {
  return value instanceof BarError;
}
