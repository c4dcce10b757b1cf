import { type ArgumentsHost, Catch, HttpException } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { throwError } from 'rxjs';

import { redactQueryValues, scrubSecrets } from '@dalal/observability';

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
      const url = host.switchToHttp().getRequest<{ url?: string }>().url ?? '';
      const body = JSON.stringify(exception.getResponse());
      const scrubbed = scrubEcho(scrubSecrets(body), url);
      if (scrubbed !== body) {
        return super.catch(new HttpException(JSON.parse(scrubbed) as object, exception.getStatus()), host);
      }
    }
    return super.catch(exception, host);
  }
}

/** Blanks the query values of the request URL where the body echoes it (Nest's "Cannot GET /x?…"). */
function scrubEcho(json: string, url: string): string {
  if (!url.includes('?')) return json;
  const echoed = JSON.stringify(url).slice(1, -1);
  return json.split(echoed).join(JSON.stringify(redactQueryValues(url)).slice(1, -1));
}
