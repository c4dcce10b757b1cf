/**
 * Every broker failure is classified into one of these, whatever the broker's own words:
 * - TOKEN_EXPIRED: the session is gone (daily expiry, logout elsewhere); block and ask for a new login.
 * - INPUT: the request was malformed; retrying will not help.
 * - ORDER_REJECTED: the broker or exchange refused the order (margin, freeze, circuit, RMS).
 * - RATE_LIMITED: too many requests; safe to retry after a pause.
 * - NETWORK: the broker could not be reached or its OMS is down; for an order placement the outcome is
 *   UNKNOWN and must be reconciled by our tag before anything is re-sent.
 * - BROKER: any other error the broker reported.
 * - CIRCUIT_OPEN: we stopped calling the broker after repeated failures; nothing was sent.
 */
export type BrokerErrorCode =
  'TOKEN_EXPIRED' | 'INPUT' | 'ORDER_REJECTED' | 'RATE_LIMITED' | 'NETWORK' | 'BROKER' | 'CIRCUIT_OPEN';

export class BrokerError extends Error {
  constructor(
    readonly code: BrokerErrorCode,
    readonly broker: string,
    message: string,
    /** The broker's own error name, e.g. Kite's `error_type`. */
    readonly brokerType?: string,
  ) {
    super(`${broker}: ${message}`);
    this.name = 'BrokerError';
  }

  /** Transient failures: a request that is safe to repeat may be retried after a pause. */
  get transient(): boolean {
    return this.code === 'NETWORK' || this.code === 'RATE_LIMITED';
  }
}

export const isBrokerError = (err: unknown): err is BrokerError => err instanceof BrokerError;
