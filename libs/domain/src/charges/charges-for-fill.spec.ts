import fc from 'fast-check';

import { indexFuture } from '../instruments/instrument';
import { dec } from '../money/decimal';
import { btcUsdt, niftyCall, sensexCall } from '../testing/builders';
import { tradeDate } from '../time/trade-date';
import { type ChargeBreakdown } from './charge-breakdown';
import { chargesForFill } from './charges-for-fill';

/** A breakdown as paise strings, for exact comparisons. */
const paise = (b: ChargeBreakdown) => ({
  brokerage: b.brokerage.toFixed(2),
  stt: b.stt.toFixed(2),
  exchangeTxn: b.exchangeTxn.toFixed(2),
  ipft: b.ipft.toFixed(2),
  sebiFee: b.sebiFee.toFixed(2),
  stampDuty: b.stampDuty.toFixed(2),
  gst: b.gst.toFixed(2),
  total: b.total.toFixed(2),
});

// NIFTY lot rules are irrelevant to charges; these builders just give an NFO and a BFO option.
const nifty = niftyCall();
const sensex = sensexCall();

describe('chargesForFill — Zerodha, NSE index options', () => {
  it('buy 75 NIFTY CE @ ₹100 on 10 Jun 2025 costs ₹26.99', () => {
    // turnover 75 × 100 = 7,500
    // brokerage flat ₹20.00
    // STT: buy side → 0
    // exchange 7,500 × 0.03503% = 2.62725 → 2.63
    // IPFT 7,500 × 0.0005% = 0.0375 → 0.04
    // SEBI 7,500 × ₹10/crore = 0.0075 → 0.01
    // stamp 7,500 × 0.003% = 0.225 → 0.23 (half-up)
    // GST 18% × (20 + 2.63 + 0.04 + 0.01 = 22.68) = 4.0824 → 4.08
    // total 20 + 0 + 2.63 + 0.04 + 0.01 + 0.23 + 4.08 = 26.99
    const b = chargesForFill(
      {
        instrument: nifty,
        side: 'BUY',
        quantity: dec(75),
        price: dec(100),
        tradeDate: tradeDate('2025-06-10'),
      },
      { broker: 'ZERODHA' },
    );
    expect(paise(b)).toEqual({
      brokerage: '20.00',
      stt: '0.00',
      exchangeTxn: '2.63',
      ipft: '0.04',
      sebiFee: '0.01',
      stampDuty: '0.23',
      gst: '4.08',
      total: '26.99',
    });
    expect(b.currency).toBe('INR');
    expect(b.turnover.toString()).toBe('7500');
  });

  it('sell 75 NIFTY CE @ ₹120 on 10 Jun 2025 costs ₹36.39 (STT 0.1% on the sell side)', () => {
    // turnover 9,000; brokerage 20.00; STT 9,000 × 0.1% = 9.00
    // exchange 9,000 × 0.03503% = 3.1527 → 3.15; IPFT 0.045 → 0.05; SEBI 0.009 → 0.01; stamp: sell → 0
    // GST 18% × (20 + 3.15 + 0.05 + 0.01 = 23.21) = 4.1778 → 4.18
    // total 20 + 9 + 3.15 + 0.05 + 0.01 + 0 + 4.18 = 36.39
    const b = chargesForFill(
      {
        instrument: nifty,
        side: 'SELL',
        quantity: dec(75),
        price: dec(120),
        tradeDate: tradeDate('2025-06-10'),
      },
      { broker: 'ZERODHA' },
    );
    expect(paise(b)).toEqual({
      brokerage: '20.00',
      stt: '9.00',
      exchangeTxn: '3.15',
      ipft: '0.05',
      sebiFee: '0.01',
      stampDuty: '0.00',
      gst: '4.18',
      total: '36.39',
    });
  });

  it('sell 65 NIFTY CE @ ₹200.05 on 6 Apr 2026 pays the new 0.15% STT: ₹48.58', () => {
    // turnover 65 × 200.05 = 13,003.25; brokerage 20.00
    // STT 13,003.25 × 0.15% = 19.504875 → 19.50
    // exchange 13,003.25 × 0.03503% = 4.555038… → 4.56; IPFT 0.0650… → 0.07; SEBI 0.0130… → 0.01
    // GST 18% × (20 + 4.56 + 0.07 + 0.01 = 24.64) = 4.4352 → 4.44
    // total 20 + 19.50 + 4.56 + 0.07 + 0.01 + 0 + 4.44 = 48.58
    const b = chargesForFill(
      {
        instrument: nifty,
        side: 'SELL',
        quantity: dec(65),
        price: dec('200.05'),
        tradeDate: tradeDate('2026-04-06'),
      },
      { broker: 'ZERODHA' },
    );
    expect(paise(b)).toMatchObject({
      stt: '19.50',
      exchangeTxn: '4.56',
      ipft: '0.07',
      gst: '4.44',
      total: '48.58',
    });
  });

  it('the same sale on 31 Mar 2026, the last day of the old rate, pays 0.1% STT (₹13.00)', () => {
    const b = chargesForFill(
      {
        instrument: nifty,
        side: 'SELL',
        quantity: dec(65),
        price: dec('200.05'),
        tradeDate: tradeDate('2026-03-31'),
      },
      { broker: 'ZERODHA' },
    );
    // 13,003.25 × 0.1% = 13.00325 → 13.00
    expect(b.stt.toFixed(2)).toBe('13.00');
  });

  it('a 1950-unit exit @ ₹85.40 is still one executed order: one ₹20 brokerage', () => {
    // turnover 1,66,530; STT 166.53; exchange 58.335459 → 58.34; IPFT 0.83265 → 0.83; SEBI 0.16653 → 0.17
    // GST 18% × (20 + 58.34 + 0.83 + 0.17 = 79.34) = 14.2812 → 14.28
    // total 20 + 166.53 + 58.34 + 0.83 + 0.17 + 0 + 14.28 = 260.15
    const b = chargesForFill(
      {
        instrument: nifty,
        side: 'SELL',
        quantity: dec(1950),
        price: dec('85.40'),
        tradeDate: tradeDate('2026-02-10'),
      },
      { broker: 'ZERODHA' },
    );
    expect(paise(b)).toMatchObject({
      brokerage: '20.00',
      stt: '166.53',
      exchangeTxn: '58.34',
      total: '260.15',
    });
  });
});

describe('chargesForFill — Zerodha, NSE index futures', () => {
  it('sell 1 lot (65) NIFTY FUT @ ₹25,120.40 on 10 Feb 2026 costs ₹387.35', () => {
    // turnover 65 × 25,120.40 = 16,32,826
    // brokerage min(20, 0.03% = 489.8478) = 20.00; STT 0.02% = 326.5652 → 326.57
    // exchange 0.00173% = 28.2478898 → 28.25; IPFT 0.0001% = 1.632826 → 1.63; SEBI 1.632826 → 1.63
    // stamp: sell → 0; GST 18% × (20 + 28.25 + 1.63 + 1.63 = 51.51) = 9.2718 → 9.27
    // total 20 + 326.57 + 28.25 + 1.63 + 1.63 + 0 + 9.27 = 387.35
    const fut = indexFuture({
      underlying: 'NIFTY',
      exchange: 'NFO',
      expiry: tradeDate('2026-02-24'),
      tradeDate: tradeDate('2026-02-10'),
    });
    const b = chargesForFill(
      {
        instrument: fut,
        side: 'SELL',
        quantity: dec(65),
        price: dec('25120.40'),
        tradeDate: tradeDate('2026-02-10'),
      },
      { broker: 'ZERODHA' },
    );
    expect(paise(b)).toEqual({
      brokerage: '20.00',
      stt: '326.57',
      exchangeTxn: '28.25',
      ipft: '1.63',
      sebiFee: '1.63',
      stampDuty: '0.00',
      gst: '9.27',
      total: '387.35',
    });
    expect(fut.segment).toBe('NFO-FUT');
  });
});

describe('chargesForFill — Angel One', () => {
  it('buy 20 SENSEX CE @ ₹350 on BSE: brokerage is 0.25% (₹17.50) because it is under ₹20; total ₹23.56', () => {
    // turnover 7,000; brokerage min(20, 7,000 × 0.25% = 17.50) = 17.50
    // BSE exchange 7,000 × 0.0325% = 2.275 → 2.28; no IPFT on BSE; SEBI 0.007 → 0.01
    // stamp 7,000 × 0.003% = 0.21; GST 18% × (17.50 + 2.28 + 0 + 0.01 = 19.79) = 3.5622 → 3.56
    // total 17.50 + 0 + 2.28 + 0 + 0.01 + 0.21 + 3.56 = 23.56
    const b = chargesForFill(
      {
        instrument: sensex,
        side: 'BUY',
        quantity: dec(20),
        price: dec(350),
        tradeDate: tradeDate('2026-02-05'),
      },
      { broker: 'ANGEL_ONE' },
    );
    expect(paise(b)).toEqual({
      brokerage: '17.50',
      stt: '0.00',
      exchangeTxn: '2.28',
      ipft: '0.00',
      sebiFee: '0.01',
      stampDuty: '0.21',
      gst: '3.56',
      total: '23.56',
    });
  });

  it('a deep OTM lottery ticket, 75 @ ₹1, costs 26 paise at Angel One', () => {
    // turnover 75; brokerage 75 × 0.25% = 0.1875 → 0.19; exchange 0.0262725 → 0.03; IPFT, SEBI, stamp → 0.00
    // GST 18% × 0.22 = 0.0396 → 0.04; total 0.19 + 0.03 + 0.04 = 0.26
    const b = chargesForFill(
      {
        instrument: nifty,
        side: 'BUY',
        quantity: dec(75),
        price: dec(1),
        tradeDate: tradeDate('2025-06-10'),
      },
      { broker: 'ANGEL_ONE' },
    );
    expect(paise(b)).toMatchObject({ brokerage: '0.19', exchangeTxn: '0.03', gst: '0.04', total: '0.26' });
  });
});

describe('chargesForFill — Binance spot', () => {
  it('a taker buy of 0.01 BTC @ 60,000 USDT pays 0.1% = 0.6 USDT', () => {
    const b = chargesForFill(
      {
        instrument: btcUsdt(),
        side: 'BUY',
        quantity: dec('0.01'),
        price: dec(60000),
        tradeDate: tradeDate('2026-02-10'),
      },
      { broker: 'BINANCE' },
    );
    expect(b.currency).toBe('USDT');
    expect(b.brokerage.toString()).toBe('0.6');
    expect(b.total.toString()).toBe('0.6');
    expect(b.gst.isZero() && b.stt.isZero()).toBe(true);
  });

  it('rounds a tiny fee to Binance’s 8 decimals: 0.00123 BTC @ 60,000.01 → 0.07380001', () => {
    // 0.00123 × 60,000.01 = 73.8000123; × 0.1% = 0.0738000123 → 0.07380001
    const b = chargesForFill(
      {
        instrument: btcUsdt(),
        side: 'SELL',
        quantity: dec('0.00123'),
        price: dec('60000.01'),
        tradeDate: tradeDate('2026-02-10'),
      },
      { broker: 'BINANCE', liquidity: 'MAKER' },
    );
    expect(b.total.toString()).toBe('0.07380001');
  });
});

describe('chargesForFill — refusals', () => {
  const fill = {
    instrument: nifty,
    side: 'BUY' as const,
    quantity: dec(75),
    price: dec(100),
    tradeDate: tradeDate('2025-06-10'),
  };

  it('Binance cannot charge a NIFTY option, Zerodha cannot charge BTC', () => {
    expect(() => chargesForFill(fill, { broker: 'BINANCE' })).toThrow(
      expect.objectContaining({ code: 'INSTRUMENT_MISMATCH' }),
    );
    expect(() => chargesForFill({ ...fill, instrument: btcUsdt() }, { broker: 'ZERODHA' })).toThrow(
      expect.objectContaining({ code: 'INSTRUMENT_MISMATCH' }),
    );
  });

  it('a 2012 backtest fill has no rates on its own date, but can be priced at today’s rates', () => {
    const old = { ...fill, tradeDate: tradeDate('2012-12-03') };
    expect(() => chargesForFill(old, { broker: 'ZERODHA' })).toThrow(
      expect.objectContaining({ code: 'NO_REFERENCE_DATA' }),
    );
    expect(
      chargesForFill(old, { broker: 'ZERODHA', ratesOn: tradeDate('2025-06-10') }).total.toFixed(2),
    ).toBe('26.99');
  });

  it('refuses a zero quantity', () => {
    expect(() => chargesForFill({ ...fill, quantity: dec(0) }, { broker: 'ZERODHA' })).toThrow(
      expect.objectContaining({ code: 'INVALID_FILL' }),
    );
  });
});

describe('chargesForFill — properties', () => {
  it('every component is non-negative paise, STT only on sells, stamp only on buys, and the total adds up', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<'BUY' | 'SELL'>('BUY', 'SELL'),
        fc.constantFrom<'ZERODHA' | 'ANGEL_ONE'>('ZERODHA', 'ANGEL_ONE'),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 20_000 }),
        fc.constantFrom('2025-06-10', '2026-03-31', '2026-04-01'),
        (side, broker, lots, ticks, date) => {
          const b = chargesForFill(
            {
              instrument: nifty,
              side,
              quantity: dec(lots * 65),
              price: dec(ticks).mul('0.05'),
              tradeDate: tradeDate(date),
            },
            { broker },
          );
          const parts = [b.brokerage, b.stt, b.exchangeTxn, b.ipft, b.sebiFee, b.stampDuty, b.gst];
          const sum = parts.reduce((a, x) => a.plus(x), dec(0));
          return (
            parts.every((x) => x.gte(0) && x.decimalPlaces() <= 2) &&
            sum.eq(b.total) &&
            (side === 'BUY' ? b.stt.isZero() : b.stampDuty.isZero()) &&
            b.brokerage.lte(20)
          );
        },
      ),
    );
  });
});
