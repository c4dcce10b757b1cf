import { dec } from '../money/decimal';
import { tradeDate } from '../time/trade-date';
import { cryptoSpot, indexOption, instrumentKey } from './instrument';

describe('indexOption', () => {
  it('a NIFTY 25000 CE for 24 Feb 2026 picks lot 65, tick 0.05 and freeze 1800 from the tables', () => {
    const ce = indexOption({
      underlying: 'NIFTY',
      exchange: 'NFO',
      expiry: tradeDate('2026-02-24'),
      strike: dec(25000),
      optionType: 'CE',
      tradeDate: tradeDate('2026-02-10'),
      symbol: 'NIFTY2622425000CE',
    });
    expect(ce.segment).toBe('NFO-OPT');
    expect(ce.lotSize.toString()).toBe('65');
    expect(ce.tickSize.toString()).toBe('0.05');
    expect(ce.freezeQuantity?.toString()).toBe('1800');
    expect(instrumentKey(ce)).toBe('NFO:NIFTY2622425000CE');
  });

  it('a far-back NIFTY contract with an explicit lot has no known freeze limit', () => {
    const pe = indexOption({
      underlying: 'NIFTY',
      exchange: 'NFO',
      expiry: tradeDate('2025-06-26'),
      strike: dec(24000),
      optionType: 'PE',
      tradeDate: tradeDate('2025-06-02'),
      lotSize: dec(75),
    });
    expect(pe.freezeQuantity).toBeNull();
    expect(pe.symbol).toBe('NIFTY 2025-06-26 24000 PE');
  });

  it('a SENSEX option trades on BFO', () => {
    const sensex = indexOption({
      underlying: 'SENSEX',
      exchange: 'BFO',
      expiry: tradeDate('2026-02-12'),
      strike: dec(81000),
      optionType: 'CE',
      tradeDate: tradeDate('2026-02-05'),
    });
    expect(sensex.segment).toBe('BFO-OPT');
    expect(sensex.lotSize.toString()).toBe('20');
  });

  it('refuses a zero strike', () => {
    expect(() =>
      indexOption({
        underlying: 'NIFTY',
        exchange: 'NFO',
        expiry: tradeDate('2026-02-24'),
        strike: dec(0),
        optionType: 'CE',
        tradeDate: tradeDate('2026-02-10'),
      }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_INSTRUMENT' }));
  });
});

describe('cryptoSpot', () => {
  it('BTCUSDT uses the step size as its lot and USDT as its currency', () => {
    const btc = cryptoSpot({
      symbol: 'BTCUSDT',
      baseAsset: 'BTC',
      quoteAsset: 'USDT',
      tickSize: dec('0.01'),
      stepSize: dec('0.00001'),
    });
    expect(btc.lotSize.toString()).toBe('0.00001');
    expect(btc.currency).toBe('USDT');
    expect(btc.freezeQuantity).toBeNull();
  });
});
