export type TelegramErrorCode = 'STOPPED' | 'DELIVERY_FAILED' | 'BAD_COMMAND';

/** The one error type of libs/telegram; `code` says which rule refused. */
export class TelegramError extends Error {
  constructor(
    readonly code: TelegramErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TelegramError';
  }
}

export function isTelegramError(err: unknown): err is TelegramError {
  return err instanceof TelegramError;
}
