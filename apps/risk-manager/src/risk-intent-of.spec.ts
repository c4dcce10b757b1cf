import { Decimal, findFreezeQuantity, tradeDate } from '@dalal/domain';
import { DEFAULT_RISK_LIMITS, decideIntent, RiskBook } from '@dalal/risk';

import { riskIntentOf } from './risk-intent-of';
import { entry } from './testing/risk-desk-harness';

describe('riskIntentOf', () => {
  it('judges an intent at its bar time in IST, not at the clock of this process', () => {
    const intent = riskIntentOf(entry('ce', '14:55'));
    expect(intent.at).toBe(Date.parse('2026-12-01T09:25:00.000Z'));
    expect(intent.minuteOfDay).toBe(14 * 60 + 55);
  });

  it('judges at the decision (the bar’s close) when the strategy engine says so: 15:16 is past the 15:15 square-off', () => {
    const intent = riskIntentOf({ ...entry('ce', '15:13'), decidedAt: '2026-12-01T09:46:00.000Z' });
    expect(intent.minuteOfDay).toBe(15 * 60 + 16);
    const snapshot = new RiskBook(new Decimal(500_000)).snapshot('ACTIVE');
    expect(decideIntent(intent, snapshot, DEFAULT_RISK_LIMITS)).toMatchObject({ code: 'NEAR_SQUARE_OFF' });
  });

  it('sizes a RISK entry from its ₹ at risk a set, and leaves exits as given', () => {
    expect(riskIntentOf(entry('ce', '10:00')).sizing).toEqual({
      kind: 'RISK',
      riskPerSet: expect.anything(),
    });
    expect(riskIntentOf(entry('ce', '10:00')).sizing).toMatchObject({ kind: 'RISK' });
    expect(riskIntentOf({ ...entry('x', '10:00'), action: 'EXIT' }).sizing).toEqual({ kind: 'FIXED' });
  });

  it('carries NIFTY’s freeze quantity, so 11 slices’ worth of lots is refused FREEZE_LIMIT', () => {
    const freeze = findFreezeQuantity('NIFTY', tradeDate('2026-12-01'))!;
    const lots = Math.ceil((freeze * 10 + 1) / 65);
    const intent = riskIntentOf(
      entry('big', '10:00', {
        sizing: { kind: 'FIXED' },
        legs: [{ ...entry('x', '10:00').legs[0]!, quantity: lots * 65 }],
      }),
    );
    expect(intent.legs[0]!.freezeQuantity).toBe(freeze);
    const snapshot = new RiskBook(new Decimal(DEFAULT_RISK_LIMITS.capital)).snapshot('ACTIVE');
    const decision = decideIntent(intent, snapshot, DEFAULT_RISK_LIMITS);
    expect(decision).toMatchObject({ approved: false, code: 'FREEZE_LIMIT' });
  });
});
