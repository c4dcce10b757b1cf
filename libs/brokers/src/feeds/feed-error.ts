/** Every failure the feeds report, so callers branch on `code`. */
export type FeedErrorCode =
  'CONNECT_FAILED' | 'ALREADY_ACTIVE' | 'CLOSED' | 'INVALID_INPUT' | 'INVALID_CSV' | 'LISTENER_FAILED';

export class FeedError extends Error {
  override readonly name = 'FeedError';

  constructor(
    readonly code: FeedErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isFeedError(value: unknown): value is FeedError {
  return value instanceof FeedError;
}
