import { z } from 'zod';

import { scrubSecrets } from '@dalal/observability';

import { loadConfig } from './load-config';
import { credentialUrl, secret, secretFields } from './secret';
import { serviceConfigSchema } from './service-config';

const brokerSchema = z.preprocess(
  (env) => env,
  serviceConfigSchema(3004)
    .extend({
      KITE_API_SECRET: secret(z.string().min(1)).optional(),
      SMARTAPI_PIN: secret(z.string().regex(/^\d{4}$/)).optional(),
      DATABASE_URL: credentialUrl(z.string()).optional(),
      KITE_API_KEY: z.string().optional(),
    })
    .superRefine(() => undefined),
);

describe('secrets marked in a config schema', () => {
  it('are found through optional, preprocess and refinement wrappers, and nothing else is', () => {
    expect(secretFields(brokerSchema)).toEqual({
      REDIS_URL: 'url-password',
      KITE_API_SECRET: 'value',
      SMARTAPI_PIN: 'value',
      DATABASE_URL: 'url-password',
    });
  });

  it('are scrubbed from anything logged once the config is loaded; the URL keeps its host', () => {
    loadConfig('order-execution', brokerSchema, {
      REDIS_URL: 'redis://:r3dis-pass@cache:6379',
      KITE_API_SECRET: 'spec-kite-secret-1',
      SMARTAPI_PIN: '4821',
      DATABASE_URL: 'postgres://dalal:pg%40pass@db:5432/dalal',
      KITE_API_KEY: 'public-app-key',
    });
    expect(scrubSecrets('secret spec-kite-secret-1 pin 4821 key public-app-key')).toBe(
      'secret [redacted] pin [redacted] key public-app-key',
    );
    expect(scrubSecrets('redis://:r3dis-pass@cache:6379 postgres://dalal:pg%40pass@db:5432/dalal')).toBe(
      'redis://:[redacted]@cache:6379 postgres://dalal:[redacted]@db:5432/dalal',
    );
  });

  it('are scrubbed even when malformed, since the error path logs too', () => {
    expect(() =>
      loadConfig('order-execution', brokerSchema, { REDIS_URL: 'redis://x', SMARTAPI_PIN: '98765' }),
    ).toThrow('SMARTAPI_PIN');
    expect(scrubSecrets('pin 98765')).toBe('pin [redacted]');
  });
});
