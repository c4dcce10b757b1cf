import { tradeDate } from '../time/trade-date';
import { freezeQuantityOn, lotSizeOn } from './contract-specs';
import { FREEZE_QUANTITIES, LOT_SIZES } from './contract-specs.data';

const day = tradeDate;

describe('lotSizeOn', () => {
  it('a NIFTY contract listed in Jan 2025 trades in lots of 75', () => {
    expect(lotSizeOn('NIFTY', day('2025-01-15'))).toBe(75);
  });

  it('a NIFTY contract listed after the Oct-2025 revision trades in lots of 65', () => {
    expect(lotSizeOn('NIFTY', day('2025-11-04'))).toBe(65);
    expect(lotSizeOn('NIFTY', day('2026-02-10'), day('2026-02-24'))).toBe(65);
  });

  it('the NIFTY Dec-2025 monthly keeps its 75 lot until expiry, even in November', () => {
    expect(lotSizeOn('NIFTY', day('2025-11-04'), day('2025-12-30'))).toBe(75);
  });

  it('BANKNIFTY went 30 → 35 (Jul 2025) → 30 (Jan-2026 contracts)', () => {
    expect(lotSizeOn('BANKNIFTY', day('2025-03-03'))).toBe(30);
    expect(lotSizeOn('BANKNIFTY', day('2025-08-05'))).toBe(35);
    expect(lotSizeOn('BANKNIFTY', day('2025-11-04'), day('2025-11-25'))).toBe(35);
    expect(lotSizeOn('BANKNIFTY', day('2025-11-04'), day('2026-01-27'))).toBe(30);
  });

  it('SENSEX trades in lots of 20', () => {
    expect(lotSizeOn('SENSEX', day('2026-01-08'))).toBe(20);
  });

  it('refuses to guess a lot size before our data starts', () => {
    expect(() => lotSizeOn('NIFTY', day('2012-12-03'))).toThrow(
      expect.objectContaining({ code: 'NO_REFERENCE_DATA' }),
    );
  });

  it('every row names its source', () => {
    for (const row of [...LOT_SIZES, ...FREEZE_QUANTITIES]) expect(row.source.length).toBeGreaterThan(5);
  });
});

describe('freezeQuantityOn', () => {
  it('BANKNIFTY: 900 from Sep 2025, 600 from 3 Nov 2025', () => {
    expect(freezeQuantityOn('BANKNIFTY', day('2025-10-31'))).toBe(900);
    expect(freezeQuantityOn('BANKNIFTY', day('2025-11-03'))).toBe(600);
  });

  it('NIFTY 1800 and SENSEX 1000 from Feb 2026', () => {
    expect(freezeQuantityOn('NIFTY', day('2026-02-02'))).toBe(1800);
    expect(freezeQuantityOn('SENSEX', day('2026-02-05'))).toBe(1000);
  });

  it('refuses to guess before our data starts', () => {
    expect(() => freezeQuantityOn('NIFTY', day('2025-06-02'))).toThrow(
      expect.objectContaining({ code: 'NO_REFERENCE_DATA' }),
    );
  });
});
