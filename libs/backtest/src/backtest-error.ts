export type BacktestErrorCode = 'BAD_INPUT' | 'NO_DATA' | 'BAD_CONFIG' | 'NO_PREMIUM';

export class BacktestError extends Error {
  override readonly name = 'BacktestError';

  constructor(
    readonly code: BacktestErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isBacktestError(value: unknown): value is BacktestError {
  return value instanceof BacktestError;
}
