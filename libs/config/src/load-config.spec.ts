import { ConfigError } from './config-error';
import { loadConfig } from './load-config';
import { serviceConfigSchema } from './service-config';

const schema = serviceConfigSchema(3001);

describe('service configuration', () => {
  it('applies defaults and coerces numbers', () => {
    const config = loadConfig('risk-manager', schema, { REDIS_URL: 'redis://127.0.0.1:6379', PORT: '4000' });
    expect(config).toEqual({
      PORT: 4000,
      REDIS_URL: 'redis://127.0.0.1:6379',
      LOG_LEVEL: 'info',
      BUS_MAX_LEN: 100_000,
      BUS_CLAIM_IDLE_MS: 30_000,
      BUS_MAX_ATTEMPTS: 3,
      BUS_RETRY_DELAY_MS: 100,
    });
  });

  it('names a missing variable', () => {
    expect(() => loadConfig('risk-manager', schema, {})).toThrow(
      'invalid configuration for risk-manager:\n  - REDIS_URL is required but not set',
    );
  });

  it('names every malformed variable at once', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig('gateway', schema, { REDIS_URL: 'http://x', PORT: 'eighty', LOG_LEVEL: 'loud' });
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems.map((p) => p.split(' ')[0])).toEqual(['PORT', 'REDIS_URL', 'LOG_LEVEL']);
    expect(error!.problems[1]).toBe('REDIS_URL must be a redis:// or rediss:// URL');
  });
});
