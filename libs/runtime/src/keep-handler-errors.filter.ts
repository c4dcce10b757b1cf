import { type ArgumentsHost, Catch } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { throwError } from 'rxjs';

/**
 * Nest turns an error thrown by a message handler into "Internal server error". The bus needs the real
 * error: it decides retries on it and writes it into the dead letter and the alert, so for messages it is
 * passed on unchanged. HTTP errors keep Nest's usual handling.
 */
@Catch()
export class KeepHandlerErrors extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType() === 'rpc') return throwError(() => exception);
    return super.catch(exception, host);
  }
}
