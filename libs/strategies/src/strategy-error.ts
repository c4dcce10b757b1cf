export type StrategyErrorCode = 'INVALID_PARAMS' | 'UNKNOWN_STRATEGY' | 'UNKNOWN_PRESET';

export class StrategyError extends Error {
  override readonly name = 'StrategyError';

  constructor(
    readonly code: StrategyErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isStrategyError(value: unknown): value is StrategyError {
  return value instanceof StrategyError;
}
