import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { encodeKiteMessage, encodeKitePacket, toMinorUnits, type FakeKiteTick } from './kite-ticker-encoder';

const KITE = join(__dirname, '..', '..', '..', '..', '..', 'shared', 'fixtures', 'kite');
const packet = (name: string) => Buffer.from(readFileSync(join(KITE, name), 'utf8').trim(), 'base64');

const ohlc = { open: '1569.15', high: '1575.00', low: '1561.05', close: '1567.80' };

describe('Kite ticker encoder', () => {
  it('rebuilds the real KMOCK quote frame byte for byte from its decoded tick', () => {
    const tick: FakeKiteTick = {
      token: 408065,
      lastPrice: '1573.15',
      lastQuantity: 1,
      averagePrice: '1570.33',
      volume: 1175986,
      buyQuantity: 256511,
      sellQuantity: 360503,
      ohlc,
    };
    expect(encodeKitePacket(tick, 'quote').equals(packet('ticker_quote.packet'))).toBe(true);
  });

  it('rebuilds the real KMOCK full frame byte for byte, depth included', () => {
    const level = (price: string, quantity: number, orders: number) => ({ price, quantity, orders });
    const tick: FakeKiteTick = {
      token: 408065,
      lastPrice: '1573.7',
      lastQuantity: 7,
      averagePrice: '1570.37',
      volume: 1192471,
      buyQuantity: 256443,
      sellQuantity: 363009,
      ohlc,
      lastTradeTime: Date.parse('2021-07-05T10:41:27+05:30') / 1000,
      exchangeTimestamp: Date.parse('2021-07-05T10:41:27+05:30') / 1000,
      depth: {
        buy: [
          level('1573.4', 5, 1),
          level('1573', 140, 2),
          level('1572.95', 2, 1),
          level('1572.9', 219, 7),
          level('1572.85', 50, 1),
        ],
        sell: [
          level('1573.7', 172, 3),
          level('1573.75', 44, 3),
          level('1573.85', 302, 3),
          level('1573.9', 141, 2),
          level('1573.95', 724, 5),
        ],
      },
    };
    expect(encodeKitePacket(tick, 'full').equals(packet('ticker_full.packet'))).toBe(true);
  });

  it('an index token (segment 9) gets the 28/32-byte layout, any other the 44/184 one', () => {
    expect(encodeKitePacket({ token: 256265, lastPrice: '24000' }, 'quote')).toHaveLength(28);
    expect(encodeKitePacket({ token: 256265, lastPrice: '24000' }, 'full')).toHaveLength(32);
    expect(encodeKitePacket({ token: 408065, lastPrice: '1' }, 'ltp')).toHaveLength(8);
    expect(encodeKitePacket({ token: 408065, lastPrice: '1' }, 'full')).toHaveLength(184);
  });

  it('frames packets behind a big-endian count and lengths', () => {
    const ltp = encodeKitePacket({ token: 408065, lastPrice: '1573.15' }, 'ltp');
    expect([...encodeKiteMessage([ltp])]).toEqual([
      0, 1, 0, 8, 0x00, 0x06, 0x3a, 0x01, 0x00, 0x02, 0x66, 0x83,
    ]);
  });

  it('converts prices to minor units exactly and refuses prices off the unit grid', () => {
    expect(toMinorUnits('1573.15', 2)).toBe(157315);
    expect(toMinorUnits('-0.05', 2)).toBe(-5);
    expect(toMinorUnits('74.1234567', 7)).toBe(741234567);
    expect(() => toMinorUnits('1.234', 2)).toThrow(RangeError);
    expect(() => toMinorUnits('1e3', 2)).toThrow(RangeError);
  });
});
