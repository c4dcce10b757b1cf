import { dec } from '../money/decimal';
import { niftyCall } from '../testing/builders';
import { tradeDate } from '../time/trade-date';
import { chargesForExercise, intrinsicValue } from './charges-for-exercise';

describe('chargesForExercise', () => {
  const ce = niftyCall({ strike: dec(25000), optionType: 'CE' });

  it('a long 25000 CE settling at 25,100.35 on 24 Feb 2026 pays 0.125% STT on ₹6,522.75 intrinsic: ₹8.15', () => {
    // intrinsic (25,100.35 − 25,000) × 65 = 6,522.75; × 0.125% = 8.1534375 → 8.15
    const b = chargesForExercise({
      instrument: ce,
      quantity: dec(65),
      settlementPrice: dec('25100.35'),
      expiryDate: tradeDate('2026-02-24'),
    });
    expect(b.turnover.toString()).toBe('6522.75');
    expect(b.stt.toFixed(2)).toBe('8.15');
    expect(b.total.toFixed(2)).toBe('8.15');
  });

  it('from 1 Apr 2026 the same exercise pays 0.15%: ₹9.78', () => {
    // 6,522.75 × 0.15% = 9.784125 → 9.78
    const b = chargesForExercise({
      instrument: ce,
      quantity: dec(65),
      settlementPrice: dec('25100.35'),
      expiryDate: tradeDate('2026-04-07'),
    });
    expect(b.stt.toFixed(2)).toBe('9.78');
  });

  it('an out-of-the-money option has no intrinsic value and pays nothing', () => {
    const pe = niftyCall({ optionType: 'PE' });
    expect(intrinsicValue(pe, dec('25100.35')).toString()).toBe('0');
    expect(intrinsicValue(pe, dec('24900')).toString()).toBe('100');
  });
});
