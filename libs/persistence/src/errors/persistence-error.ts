/**
 * - MIGRATION_CHANGED: an applied migration's file no longer matches its recorded checksum.
 * - MIGRATION_FAILED: a migration failed now or in an earlier run (recorded unfinished); fix and resolve by hand.
 * - MIGRATION_MISSING: the database recorded a migration that is not in the migrations folder.
 * - ORDER_NOT_FOUND: an event or fill names a clientOrderId we never recorded.
 * - TOKEN_KEY_MISSING / TOKEN_KEY_INVALID: the token encryption key is absent or not 32 bytes.
 * - TOKEN_UNREADABLE: a ciphertext is malformed, was made under another key, or was tampered with.
 * - INVALID_INPUT: a value handed to a repository is missing or malformed (details.field names it).
 * - TRADING_STATE_REFUSED: a trading-state change the rules forbid (e.g. lifting HALTED without a re-arm).
 */
export type PersistenceErrorCode =
  | 'MIGRATION_CHANGED'
  | 'MIGRATION_FAILED'
  | 'MIGRATION_MISSING'
  | 'ORDER_NOT_FOUND'
  | 'TOKEN_KEY_MISSING'
  | 'TOKEN_KEY_INVALID'
  | 'TOKEN_UNREADABLE'
  | 'INVALID_INPUT'
  | 'TRADING_STATE_REFUSED';

export class PersistenceError extends Error {
  override readonly name = 'PersistenceError';

  constructor(
    readonly code: PersistenceErrorCode,
    message: string,
    readonly details: Record<string, string | number | null> = {},
  ) {
    super(message);
  }
}

export function isPersistenceError(err: unknown): err is PersistenceError {
  return err instanceof PersistenceError;
}
