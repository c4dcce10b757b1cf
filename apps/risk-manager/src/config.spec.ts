import { riskManagerConfigSchema } from './config';

const base = { REDIS_URL: 'redis://127.0.0.1:6379' };

describe('risk-manager configuration', () => {
  it('takes the account’s risk settings as JSON', () => {
    const config = riskManagerConfigSchema.parse({
      ...base,
      RISK_LIMITS: '{"capital":300000,"maxTradesPerDay":2,"flattenOnDailyLoss":true}',
    });
    expect(config.RISK_LIMITS).toEqual({ capital: 300000, maxTradesPerDay: 2, flattenOnDailyLoss: true });
    expect(config).toMatchObject({ PORT: 3003, TRADING_MODE: 'paper', ORDER_BROKER: 'paper' });
  });

  it('stops start-up naming a misspelt limit instead of leaving it at its default', () => {
    const parsed = riskManagerConfigSchema.safeParse({ ...base, RISK_LIMITS: '{"dailyLosLimit":5000}' });
    expect(parsed.success).toBe(false);
    const issue = parsed.error!.issues[0]!;
    expect(issue.path).toEqual(['RISK_LIMITS']);
    expect(issue.message).toContain('dailyLosLimit');
  });

  it('names the limit whose value is wrong', () => {
    const parsed = riskManagerConfigSchema.safeParse({ ...base, RISK_LIMITS: '{"riskPerTrade":2}' });
    expect(parsed.error?.issues[0]?.message).toMatch(/riskPerTrade/);
  });

  it('refuses settings that are not a JSON object', () => {
    expect(
      riskManagerConfigSchema.safeParse({ ...base, RISK_LIMITS: '{capital:1}' }).error?.issues[0]?.message,
    ).toMatch(/JSON object/);
    expect(
      riskManagerConfigSchema.safeParse({ ...base, RISK_LIMITS: '[1]' }).error?.issues[0]?.message,
    ).toMatch(/JSON object/);
  });
});
