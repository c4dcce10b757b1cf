import { type ArgumentsHost, Catch, HttpException } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { throwError } from 'rxjs';

import { scrubSecretsDeep } from '@dalal/observability';

/**
 * Nest turns an error thrown by a message handler into "Internal server error". The bus needs the real
 * error: it decides retries on it and writes it into the dead letter and the alert, so for messages it is
 * passed on unchanged. HTTP errors keep Nest's usual handling, with any secret value blanked from the body
 * (Nest's 404 echoes the request path, which may carry a token in its query).
 */
@Catch()
export class KeepHandlerErrors extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType() === 'rpc') return throwError(() => exception);
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      const scrubbed = scrubSecretsDeep(body);
      if (scrubbed !== body) return super.catch(new HttpException(scrubbed, exception.getStatus()), host);
    }
    return super.catch(exception, host);
  }
}
