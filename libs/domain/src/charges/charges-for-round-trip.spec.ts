import { dec } from '../money/decimal';
import { bankNiftyPut, niftyCall } from '../testing/builders';
import { tradeDate } from '../time/trade-date';
import { chargesForRoundTrip } from './charges-for-round-trip';

const day = tradeDate('2025-06-10');
const nifty = niftyCall();

describe('chargesForRoundTrip', () => {
  it('NIFTY CE bought 75 @ 100 and sold @ 120 at Zerodha: ₹26.99 + ₹36.39 = ₹63.38', () => {
    // Legs worked out in charges-for-fill.spec.ts. Sum by component:
    // brokerage 40.00, STT 9.00, exchange 2.63 + 3.15 = 5.78, IPFT 0.04 + 0.05 = 0.09, SEBI 0.02,
    // stamp 0.23, GST 4.08 + 4.18 = 8.26 → total 63.38. Gross profit 1,500 → net 1,436.62.
    const trip = chargesForRoundTrip(
      {
        entry: { instrument: nifty, side: 'BUY', quantity: dec(75), price: dec(100), tradeDate: day },
        exit: { instrument: nifty, side: 'SELL', quantity: dec(75), price: dec(120), tradeDate: day },
      },
      { broker: 'ZERODHA' },
    );
    expect(trip.entry.total.toFixed(2)).toBe('26.99');
    expect(trip.exit.total.toFixed(2)).toBe('36.39');
    expect(trip.total.total.toFixed(2)).toBe('63.38');
    expect(trip.total.exchangeTxn.toFixed(2)).toBe('5.78');
    expect(trip.total.gst.toFixed(2)).toBe('8.26');
    expect(trip.total.turnover.toString()).toBe('16500');
  });

  it('refuses legs in different instruments', () => {
    expect(() =>
      chargesForRoundTrip(
        {
          entry: { instrument: nifty, side: 'BUY', quantity: dec(75), price: dec(100), tradeDate: day },
          exit: {
            instrument: bankNiftyPut(),
            side: 'SELL',
            quantity: dec(75),
            price: dec(120),
            tradeDate: day,
          },
        },
        { broker: 'ZERODHA' },
      ),
    ).toThrow(expect.objectContaining({ code: 'INSTRUMENT_MISMATCH' }));
  });

  it('refuses two buys as a round trip', () => {
    const leg = {
      instrument: nifty,
      side: 'BUY' as const,
      quantity: dec(75),
      price: dec(100),
      tradeDate: day,
    };
    expect(() => chargesForRoundTrip({ entry: leg, exit: leg }, { broker: 'ZERODHA' })).toThrow(
      expect.objectContaining({ code: 'INVALID_FILL' }),
    );
  });
});
