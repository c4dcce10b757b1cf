import { timeToExpiryYears } from './time-to-expiry';
import { fromIst } from '../time/ist';

describe('time to expiry', () => {
  it('counts to 15:30 IST on the expiry day in ACT/365 years', () => {
    expect(timeToExpiryYears(fromIst('2026-03-29', '15:30'), '2026-03-30')).toBeCloseTo(1 / 365, 12);
    expect(timeToExpiryYears(fromIst('2026-03-30', '16:00'), '2026-03-30')).toBe(0);
  });
});
