import { pnlPeriodRange } from './pnl-period';

describe('/pnl periods in IST trading dates', () => {
  it('a Wednesday: the day, the week from Monday, the month from the 1st', () => {
    expect(pnlPeriodRange('day', '2026-12-02')).toEqual({ from: '2026-12-02', to: '2026-12-02' });
    expect(pnlPeriodRange('week', '2026-12-02')).toEqual({ from: '2026-11-30', to: '2026-12-02' });
    expect(pnlPeriodRange('month', '2026-12-02')).toEqual({ from: '2026-12-01', to: '2026-12-02' });
  });

  it('a Sunday belongs to the week that began the Monday before; a Monday starts its own', () => {
    expect(pnlPeriodRange('week', '2026-12-06').from).toBe('2026-11-30');
    expect(pnlPeriodRange('week', '2026-12-07').from).toBe('2026-12-07');
  });
});
