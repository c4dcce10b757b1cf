import { type z } from 'zod';

import { registerSecretValue } from '@dalal/observability';

import { ConfigError } from './config-error';
import { secretValues } from './secret';

/**
 * Validates environment variables against a service's zod schema. Every problem is reported at once,
 * each naming its variable, so start-up fails with one clear message instead of a late crash. The values
 * of the fields the schema marks `secret()` are registered for scrubbing before anything can log them —
 * raw ones too, so a malformed secret is not echoed either.
 */
export function loadConfig<S extends z.ZodType>(
  service: string,
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.output<S> {
  for (const value of secretValues(schema, env)) registerSecretValue(value);
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = issue.path.join('.');
    const given = env[variable];
    const message =
      issue.code === 'invalid_type' && given === undefined ? 'is required but not set' : issue.message;
    return `${variable} ${message}`;
  });
  throw new ConfigError(service, problems);
}
