/** Errors of the market-data service; callers branch on `code`. */
export type MarketDataErrorCode = 'NO_SESSION' | 'REPLAY_FILE' | 'BACKFILL_FAILED';

export class MarketDataError extends Error {
  override readonly name = 'MarketDataError';

  constructor(
    readonly code: MarketDataErrorCode,
    message: string,
  ) {
    super(message);
  }
}
