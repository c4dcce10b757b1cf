import { clientOrderIdFor, ownExitIntentId } from './client-order-id';

describe('clientOrderIdFor', () => {
  it('gives each leg of an iron condor its own broker-safe id, the same on every redelivery', () => {
    const ids = [0, 1, 2, 3].map((leg) => clientOrderIdFor('iron-condor-lq3m2x-0', leg));
    expect(new Set(ids).size).toBe(4);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9]{20}$/);
    expect([0, 1, 2, 3].map((leg) => clientOrderIdFor('iron-condor-lq3m2x-0', leg))).toEqual(ids);
  });

  it('never gives two intents the same id for their first leg', () => {
    expect(clientOrderIdFor('ema-mean-reversion-a-0', 0)).not.toBe(
      clientOrderIdFor('ema-mean-reversion-a-1', 0),
    );
  });
});

describe('ownExitIntentId', () => {
  it('numbers a trade’s square-off attempts so a retry is a new intent but a replay is the same one', () => {
    expect(ownExitIntentId('square_off', 'ce-0930', 1)).toBe(ownExitIntentId('square_off', 'ce-0930', 1));
    expect(ownExitIntentId('square_off', 'ce-0930', 2)).not.toBe(ownExitIntentId('square_off', 'ce-0930', 1));
    expect(ownExitIntentId('square_off', 'x'.repeat(64), 1).length).toBeLessThanOrEqual(64);
  });
});
