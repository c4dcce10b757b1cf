/**
 * Every failure the domain can raise, as one closed union so callers can switch on it exhaustively
 * (and map it to HTTP statuses or dead letters at the edge).
 */
export type DomainErrorCode =
  | 'INVALID_DECIMAL'
  | 'INVALID_TICK_SIZE'
  | 'INVALID_DATE'
  | 'INVALID_QUANTITY'
  | 'INVALID_INSTRUMENT'
  | 'NO_REFERENCE_DATA'
  | 'ILLEGAL_TRANSITION'
  | 'INVALID_FILL'
  | 'DUPLICATE_FILL'
  | 'OVERFILL'
  | 'INSTRUMENT_MISMATCH';

export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

export function isDomainError(value: unknown, code?: DomainErrorCode): value is DomainError {
  return value instanceof DomainError && (code === undefined || value.code === code);
}
