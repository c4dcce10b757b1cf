export type RiskErrorCode = 'INVALID_LIMITS' | 'INVALID_INTENT';

/** A risk setting or an intent that cannot be evaluated at all (not a rejection: a programming or config error). */
export class RiskError extends Error {
  constructor(
    readonly code: RiskErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RiskError';
  }
}
