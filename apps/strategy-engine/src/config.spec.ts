import { strategyEngineConfigSchema } from './config';

const base = { REDIS_URL: 'redis://127.0.0.1:6379' };

describe('strategy-engine config', () => {
  it('STRATEGY_SHARDS "0, 1" gives shards 0 and 1; unset runs the one unsharded md.bars', () => {
    expect(strategyEngineConfigSchema.parse({ ...base, STRATEGY_SHARDS: '0, 1,1' }).STRATEGY_SHARDS).toEqual([
      0, 1,
    ]);
    expect(strategyEngineConfigSchema.parse(base).STRATEGY_SHARDS).toEqual([]);
  });

  it('a shard that is not a number stops start-up with the variable named', () => {
    const result = strategyEngineConfigSchema.safeParse({ ...base, STRATEGY_SHARDS: '0,a' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({
      path: ['STRATEGY_SHARDS'],
      message: '"a" is not a shard number (e.g. "0,1")',
    });
  });

  it('STRATEGY_WARMUP_DAYS left empty warms up on the default 10 days, 0 on none', () => {
    expect(strategyEngineConfigSchema.parse({ ...base, STRATEGY_WARMUP_DAYS: '' }).STRATEGY_WARMUP_DAYS).toBe(
      10,
    );
    expect(strategyEngineConfigSchema.parse(base).STRATEGY_WARMUP_DAYS).toBe(10);
    expect(
      strategyEngineConfigSchema.parse({ ...base, STRATEGY_WARMUP_DAYS: '0' }).STRATEGY_WARMUP_DAYS,
    ).toBe(0);
  });
});
