import { type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

import { currentCorrelationId } from './correlation-context';

/** Paths of log objects that may hold secrets; pino writes "[redacted]" instead. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.accessToken',
  '*.access_token',
  '*.apiSecret',
  '*.api_secret',
  '*.password',
  '*.totp',
  '*.token',
];

/** JSON-lines logging with the service name and, inside a message handler, its correlation id. */
export function loggingModule(service: string, level: string): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      level,
      base: { service },
      mixin: () => {
        const correlationId = currentCorrelationId();
        return correlationId ? { correlationId } : {};
      },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      autoLogging: { ignore: (req) => req.url === '/health' },
    },
  });
}
