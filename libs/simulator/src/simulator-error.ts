export type SimulatorErrorCode = 'BAD_INPUT' | 'NO_PREMIUM';

/** Bad recorded-premium files and premiums asked for but not recorded: the caller's input, not a bug. */
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
