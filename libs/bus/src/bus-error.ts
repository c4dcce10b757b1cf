export type BusErrorCode = 'WRONG_STREAM' | 'REQUEST_REPLY_UNSUPPORTED' | 'NOT_AN_EVENT_HANDLER';

export class BusError extends Error {
  constructor(
    readonly code: BusErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BusError';
  }
}
