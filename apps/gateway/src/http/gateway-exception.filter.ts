import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { type Request, type Response } from 'express';
import { ZodValidationException } from 'nestjs-zod';
import { type ZodError } from 'zod';

import { GatewayError, HTTP_STATUS_OF } from '../gateway-error';
import { requestIdOf } from './request-id.middleware';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  /** The offending field of a 400, as a dotted path (`legs.0.price`). */
  field?: string;
  requestId?: string;
}

function validationBody(error: ZodError): Pick<ErrorBody, 'message' | 'field'> {
  const [first] = error.issues;
  const field = first && first.path.length > 0 ? first.path.join('.') : undefined;
  const message = error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(body)'}: ${issue.message}`)
    .join('; ');
  return { message, field };
}

/**
 * The gateway's errors as JSON: the status, a code, a message naming the field for a 400, and the
 * request id to quote. Unexpected errors become a bare 500; their stack goes to the log, never out.
 */
@Catch()
export class GatewayExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Gateway');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    const requestId = requestIdOf(request);
    let body: ErrorBody;
    if (exception instanceof GatewayError) {
      body = {
        statusCode: HTTP_STATUS_OF[exception.code],
        error: exception.code,
        message: exception.message,
        ...(exception.details.field ? { field: exception.details.field } : {}),
      };
      if (exception.details.retryAfterSeconds)
        response.setHeader('Retry-After', String(exception.details.retryAfterSeconds));
    } else if (exception instanceof ZodValidationException) {
      body = {
        statusCode: 400,
        error: 'INVALID_INPUT',
        ...validationBody(exception.getZodError() as ZodError),
      };
    } else if (exception instanceof ThrottlerException) {
      body = { statusCode: 429, error: 'RATE_LIMITED', message: 'too many requests' };
    } else if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const answer = exception.getResponse();
      const message =
        typeof answer === 'string'
          ? answer
          : String((answer as { message?: unknown }).message ?? exception.message);
      body = { statusCode: status, error: status >= 500 ? 'INTERNAL' : 'HTTP_ERROR', message };
    } else {
      this.logger.error(
        `${request.method} ${request.path} failed (request ${requestId ?? '-'})`,
        exception instanceof Error ? exception.stack : String(exception),
      );
      body = { statusCode: 500, error: 'INTERNAL', message: 'internal error' };
    }
    response.status(body.statusCode).json({ ...body, ...(requestId ? { requestId } : {}) });
  }
}
