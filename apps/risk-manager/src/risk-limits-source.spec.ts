import { RiskError } from '@dalal/risk';

import { MANUAL_STRATEGY_ID, riskLimitsFor } from './risk-limits-source';

const noInstances = async () => null;

describe('riskLimitsFor', () => {
  it('holds ema-mean-reversion to the account’s settings over the defaults', async () => {
    const limits = await riskLimitsFor('ema-mean-reversion', { dailyLossLimit: 10_000 }, noInstances);
    expect(limits).toMatchObject({ dailyLossLimit: 10_000, maxTradesPerDay: 3, lossStreakToHalve: 2 });
  });

  it('starts a strategy with its own entry caps without the account trade cap, unless the account sets one', async () => {
    expect(await riskLimitsFor('sma-crossover', {}, noInstances)).toMatchObject({ maxTradesPerDay: null });
    expect(await riskLimitsFor('sma-crossover', { maxTradesPerDay: 4 }, noInstances)).toMatchObject({
      maxTradesPerDay: 4,
    });
  });

  it('applies a configured instance’s own risk last, reading its strategy’s definition', async () => {
    const instances = async (id: string) =>
      id === 'nifty-sma-5m' ? { strategyId: 'sma-crossover', risk: { maxTradesPerDay: 1 } } : null;
    expect(
      await riskLimitsFor('nifty-sma-5m', { maxTradesPerDay: 4, capital: 200_000 }, instances),
    ).toMatchObject({
      maxTradesPerDay: 1,
      capital: 200_000,
      dailyLossLimit: null,
    });
  });

  it('holds manual intents to the account’s settings alone', async () => {
    const lookups: string[] = [];
    const limits = await riskLimitsFor(MANUAL_STRATEGY_ID, { maxOpenPositions: 5 }, async (id) => {
      lookups.push(id);
      return null;
    });
    expect(limits).toMatchObject({ maxOpenPositions: 5, maxTradesPerDay: 3 });
    expect(lookups).toEqual([]);
  });

  it('refuses a stored override with a typo, naming it', async () => {
    const instances = async () => ({ strategyId: 'ema-mean-reversion', risk: { maxTradesPerDya: 1 } });
    await expect(riskLimitsFor('emr-1', {}, instances)).rejects.toThrow(RiskError);
    await expect(riskLimitsFor('emr-1', {}, instances)).rejects.toThrow(/maxTradesPerDya/);
  });
});
