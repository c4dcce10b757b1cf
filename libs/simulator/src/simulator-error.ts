export type SimulatorErrorCode = 'BAD_INPUT' | 'NO_PREMIUM' | 'NOT_AN_OPTION' | 'UNDATED_EXPIRY';

/**
 * Bad recorded-premium files, premiums asked for but not recorded, symbols that are no index option, and
 * option symbols whose expiry the calendar cannot date: the caller's input, not a bug.
 */
export class SimulatorError extends Error {
  override readonly name = 'SimulatorError';

  constructor(
    readonly code: SimulatorErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isSimulatorError(value: unknown): value is SimulatorError {
  return value instanceof SimulatorError;
}
