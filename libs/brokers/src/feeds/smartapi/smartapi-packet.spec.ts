import fc from 'fast-check';

import { encodeSmartPacket, type FakeSmartTick } from '@dalal/fakes';

import { emptySmartParseStats, parseSmartPacket, smartTickToTick } from './smartapi-packet';

/** NIFTY 25 Dec 24000 CE on nse_fo, the shape Angel sends. */
const base: FakeSmartTick = {
  exchangeType: 2,
  token: '35003',
  sequence: 987654321,
  exchangeTimestamp: Date.parse('2025-12-02T04:30:00.250Z'),
  lastPrice: '152.35',
};

describe('SmartAPI WebSocket 2.0 packets', () => {
  it('a 51-byte LTP frame, written byte by byte at the documented offsets, little-endian', () => {
    const frame = Buffer.alloc(51);
    frame[0] = 1; // mode LTP
    frame[1] = 2; // nse_fo
    frame.write('35003', 2, 'latin1'); // NUL-padded to 25 bytes
    frame.writeBigInt64LE(987654321n, 27);
    frame.writeBigInt64LE(1764649800250n, 35);
    frame.writeBigInt64LE(15235n, 43);
    expect(frame.subarray(43, 51)).toEqual(Buffer.from([0x83, 0x3b, 0, 0, 0, 0, 0, 0]));
    expect(parseSmartPacket(frame)).toEqual({
      mode: 'ltp',
      exchangeType: 2,
      token: '35003',
      sequence: '987654321',
      exchangeTimestamp: '2025-12-02T04:30:00.250Z',
      lastPrice: '152.35',
    });
  });

  it('a 123-byte Quote frame adds quantities, float64 totals and OHLC', () => {
    const tick = parseSmartPacket(
      encodeSmartPacket(
        {
          ...base,
          lastQuantity: 75,
          averagePrice: '150.10',
          volume: 1_234_500,
          totalBuyQuantity: 90_000,
          totalSellQuantity: 85_500,
          open: '140.00',
          high: '160.05',
          low: '138.40',
          close: '145.00',
        },
        2,
      ),
    );
    expect(tick).toMatchObject({
      mode: 'quote',
      lastQuantity: 75,
      averagePrice: '150.10',
      volume: 1_234_500,
      totalBuyQuantity: 90_000,
      totalSellQuantity: 85_500,
      ohlc: { open: '140.00', high: '160.05', low: '138.40', close: '145.00' },
    });
  });

  it('a 379-byte SnapQuote frame: OI, best five split by the buy/sell flag, circuits, 52-week range', () => {
    const depth = Array.from({ length: 10 }, (_, i) => ({
      buy: i % 2 === 0,
      quantity: 75 * (i + 1),
      price: (152 + (i % 2 === 0 ? -i : i) * 0.05).toFixed(2),
      orders: i + 1,
    }));
    const frame = encodeSmartPacket(
      {
        ...base,
        lastTradedTimestamp: Date.parse('2025-12-02T04:29:59Z'),
        oi: 5_000_000,
        oiChangePct: -2.5,
        depth,
        upperCircuit: '500.00',
        lowerCircuit: '0.05',
        high52Week: '900.00',
        low52Week: '1.00',
      },
      3,
    );
    expect(frame).toHaveLength(379);
    const tick = parseSmartPacket(frame)!;
    expect(tick.mode).toBe('snapquote');
    expect(tick.lastTradedTimestamp).toBe('2025-12-02T04:29:59.000Z');
    expect([tick.oi, tick.oiChangePct]).toEqual([5_000_000, -2.5]);
    expect(tick.depth!.buy).toEqual([
      { quantity: 75, price: '152.00', orders: 1 },
      { quantity: 225, price: '151.90', orders: 3 },
      { quantity: 375, price: '151.80', orders: 5 },
      { quantity: 525, price: '151.70', orders: 7 },
      { quantity: 675, price: '151.60', orders: 9 },
    ]);
    expect(tick.depth!.sell[0]).toEqual({ quantity: 150, price: '152.05', orders: 2 });
    expect([tick.upperCircuit, tick.lowerCircuit, tick.high52Week, tick.low52Week]).toEqual([
      '500.00',
      '0.05',
      '900.00',
      '1.00',
    ]);
  });

  it('reads the full int64 LTP, not just its low 4 bytes as the JS SDK does', () => {
    const big = parseSmartPacket(encodeSmartPacket({ ...base, lastPrice: '50000000.00' }, 1));
    expect(big!.lastPrice).toBe('50000000.00'); // 5e9 paise does not fit in an int32
  });

  it('currency derivatives (cde_fo) use seven decimals', () => {
    expect(
      parseSmartPacket(encodeSmartPacket({ ...base, exchangeType: 13, lastPrice: '83.1234567' }, 1))!
        .lastPrice,
    ).toBe('83.1234567');
  });

  it.each([
    ['an empty frame', Buffer.alloc(0)],
    ['an unknown mode byte', Buffer.alloc(51, 0).fill(9, 0, 1)],
    ['a Quote frame cut at 100 bytes', encodeSmartPacket(base, 2).subarray(0, 100)],
    ['a SnapQuote frame cut at 300 bytes', encodeSmartPacket(base, 3).subarray(0, 300)],
    ['a token of control bytes', Buffer.concat([Buffer.from([1, 2, 1, 2, 3]), Buffer.alloc(46)])],
  ])('%s is counted as malformed and skipped', (_name, frame) => {
    const stats = emptySmartParseStats();
    expect(parseSmartPacket(frame, stats)).toBeNull();
    expect(stats).toEqual({ frames: 1, packets: 0, malformed: 1 });
  });

  it('never throws on random bytes or truncations', () => {
    const valid = [encodeSmartPacket(base, 1), encodeSmartPacket(base, 2), encodeSmartPacket(base, 3)];
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 400 }),
          fc.tuple(fc.constantFrom(...valid), fc.nat()).map(([v, n]) => v.subarray(0, n % (v.length + 1))),
        ),
        (bytes) => {
          const stats = emptySmartParseStats();
          const tick = parseSmartPacket(bytes, stats);
          expect(stats.packets + stats.malformed).toBe(1);
          expect(tick === null).toBe(stats.malformed === 1);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('smartTickToTick', () => {
  it('maps nse_fo to NFO with best bid and ask from the SnapQuote depth', () => {
    const tick = parseSmartPacket(
      encodeSmartPacket(
        {
          ...base,
          volume: 10,
          oi: 20,
          depth: [
            { buy: true, quantity: 75, price: '152.30', orders: 1 },
            { buy: false, quantity: 150, price: '152.40', orders: 2 },
          ],
        },
        3,
      ),
    )!;
    expect(smartTickToTick(tick, () => 'NIFTY25DEC24000CE')).toEqual({
      instrument: 'NIFTY25DEC24000CE',
      exchange: 'NFO',
      ltp: '152.35',
      volume: 10,
      openInterest: 20,
      bid: '152.30',
      ask: '152.40',
      exchangeTs: '2025-12-02T04:30:00.250Z',
    });
  });

  it('an MCX packet has no contract exchange and maps to null', () => {
    expect(smartTickToTick(parseSmartPacket(encodeSmartPacket({ ...base, exchangeType: 5 }, 1))!)).toBeNull();
  });
});
