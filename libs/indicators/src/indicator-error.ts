/** Every failure an indicator can raise, as one closed union. */
export type IndicatorErrorCode = 'INVALID_PERIOD' | 'INVALID_PARAMETER' | 'INVALID_INPUT';

export class IndicatorError extends Error {
  override readonly name = 'IndicatorError';

  constructor(
    readonly code: IndicatorErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isIndicatorError(value: unknown, code?: IndicatorErrorCode): value is IndicatorError {
  return value instanceof IndicatorError && (code === undefined || value.code === code);
}

/** Periods are positive integers; anything else is a programming error worth failing loudly on. */
export function assertPeriod(name: string, period: number): void {
  if (!Number.isInteger(period) || period < 1) {
    throw new IndicatorError('INVALID_PERIOD', `${name}: period must be a positive integer, got ${period}`);
  }
}

/**
 * NaN or ±Infinity would silently poison every later value of a recursive indicator, so it is
 * refused at the door. Kept tiny so V8 inlines it into each `update`.
 */
export function assertFinite(name: string, value: number): void {
  // x − x is 0 for every finite x and NaN for NaN and ±Infinity: one subtraction on the hot path.
  if (value - value !== 0) rejectInput(name, value);
}

function rejectInput(name: string, value: number): never {
  throw new IndicatorError('INVALID_INPUT', `${name}: input must be a finite number, got ${value}`);
}
