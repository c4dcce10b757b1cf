import { type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

import { currentCorrelationId } from './correlation-context';
import { redactQueryValues } from './redaction/query-values';
import { REDACTED, scrubSecrets } from './redaction/secret-values';

/**
 * Keys that hold credentials by their nature, whatever their value: pino writes "[redacted]" instead.
 * Configured secrets are caught by value as well (see secret-values.ts), whatever key they sit under.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-privatekey"]',
  'req.headers["x-kite-checksum"]',
  'res.headers["set-cookie"]',
  '*.accessToken',
  '*.access_token',
  '*.refreshToken',
  '*.refresh_token',
  '*.jwtToken',
  '*.jwt',
  '*.apiSecret',
  '*.api_secret',
  '*.password',
  '*.pin',
  '*.totp',
  '*.totpSecret',
  '*.token',
  '*.botToken',
];

/** Probes and scrapes every few seconds would drown the log. */
const QUIET_URLS = /^\/(health|metrics)(\/|\?|$)/;

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
      redact: { paths: REDACTED_PATHS, censor: REDACTED },
      hooks: { streamWrite: scrubSecrets },
      serializers: {
        // The standard request fields, with query values blanked in both the URL and the parsed query.
        req: (req: { url?: string; query?: Record<string, unknown> }) => ({
          ...req,
          url: req.url === undefined ? undefined : redactQueryValues(req.url),
          query: req.query && Object.fromEntries(Object.keys(req.query).map((name) => [name, REDACTED])),
        }),
      },
      autoLogging: { ignore: (req) => QUIET_URLS.test(req.url ?? '') },
    },
  });
}
