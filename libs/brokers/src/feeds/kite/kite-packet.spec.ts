import fc from 'fast-check';

import {
  emptyKiteParseStats,
  kiteSegmentOf,
  parseKiteMessage,
  parseKiteSinglePacket,
  type KiteTick,
} from './kite-packet';
import { kiteFixtureJson, kiteFixturePacket } from '../testing/shared-fixtures';

/** Big-endian int32 fields, the way the documented layout lists them. */
function int32s(...values: number[]): Buffer {
  const buf = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => buf.writeInt32BE(v, i * 4));
  return buf;
}

function frame(...packets: Buffer[]): Buffer {
  const parts: Buffer[] = [Buffer.from([packets.length >> 8, packets.length & 0xff])];
  for (const p of packets) parts.push(Buffer.from([p.length >> 8, p.length & 0xff]), p);
  return Buffer.concat(parts);
}

interface KiteJsonTick {
  mode: string;
  tradable: boolean;
  instrument_token: number;
  last_price: number;
  last_quantity?: number;
  average_price?: number;
  volume?: number;
  buy_quantity?: number;
  sell_quantity?: number;
  ohlc?: { open: number; high: number; low: number; close: number };
  change?: number;
  last_trade_time?: string;
  timestamp?: string;
  oi?: number;
  oi_day_high?: number;
  oi_day_low?: number;
  depth?: Record<'buy' | 'sell', Array<{ price: number; quantity: number; orders: number }>>;
}

const paise = (n: number) => n.toFixed(2);

function expectSameAsOfficial(ours: KiteTick | null, json: KiteJsonTick): void {
  expect(ours).not.toBeNull();
  const tick = ours!;
  expect(tick.mode).toBe(json.mode);
  expect(tick.tradable).toBe(json.tradable);
  expect(tick.token).toBe(json.instrument_token);
  expect(tick.lastPrice).toBe(paise(json.last_price));
  if (json.mode === 'ltp') return;
  expect(tick.lastQuantity).toBe(json.last_quantity);
  expect(tick.averagePrice).toBe(paise(json.average_price!));
  expect(tick.volume).toBe(json.volume);
  expect(tick.buyQuantity).toBe(json.buy_quantity);
  expect(tick.sellQuantity).toBe(json.sell_quantity);
  expect(tick.ohlc).toEqual({
    open: paise(json.ohlc!.open),
    high: paise(json.ohlc!.high),
    low: paise(json.ohlc!.low),
    close: paise(json.ohlc!.close),
  });
  if (json.mode !== 'full') return;
  expect(Date.parse(tick.lastTradeTime!)).toBe(Date.parse(json.last_trade_time!));
  expect(Date.parse(tick.exchangeTimestamp!)).toBe(Date.parse(json.timestamp!));
  expect(tick.oi).toBe(json.oi);
  expect(tick.oiDayHigh).toBe(json.oi_day_high);
  expect(tick.oiDayLow).toBe(json.oi_day_low);
  for (const side of ['buy', 'sell'] as const) {
    expect(tick.depth![side]).toEqual(
      json.depth![side].map((l) => ({ price: paise(l.price), quantity: l.quantity, orders: l.orders })),
    );
  }
}

describe('Kite ticker packets', () => {
  describe('the real KMOCK frames', () => {
    it('the 44-byte quote packet decodes to ticker_quote.json', () => {
      const bytes = kiteFixturePacket('ticker_quote.packet');
      expect(bytes).toHaveLength(44);
      expectSameAsOfficial(parseKiteSinglePacket(bytes), kiteFixtureJson('ticker_quote.json'));
    });

    it('the 184-byte full packet decodes to ticker_full.json, depth and timestamps included', () => {
      const bytes = kiteFixturePacket('ticker_full.packet');
      expect(bytes).toHaveLength(184);
      const json = kiteFixtureJson<KiteJsonTick>('ticker_full.json');
      const tick = parseKiteSinglePacket(bytes);
      expectSameAsOfficial(tick, json);
      // The fixture's change (5.900000000000091) is the float of 1573.70 − 1567.80; ours is exact.
      expect(tick!.netChange).toBe('5.90');
      expect(Number(tick!.netChange)).toBeCloseTo(json.change!, 9);
      expect(tick!.exchangeTimestamp).toBe('2021-07-05T05:11:27.000Z');
    });

    it('the quote fixture’s change belongs to the full frame: its own ltp − close is 5.35', () => {
      // KMOCK's ticker_quote.json repeats change 5.9 from the full frame; the packet itself says
      // 1573.15 − 1567.80. We report what the bytes say.
      expect(parseKiteSinglePacket(kiteFixturePacket('ticker_quote.packet'))!.netChange).toBe('5.35');
    });

    it('an 8-byte ltp packet for the same token decodes to ticker_ltp.json', () => {
      expectSameAsOfficial(parseKiteSinglePacket(int32s(408065, 157315)), kiteFixtureJson('ticker_ltp.json'));
    });

    it('both real packets framed into one message come out in order', () => {
      const stats = emptyKiteParseStats();
      const ticks = parseKiteMessage(
        frame(kiteFixturePacket('ticker_quote.packet'), kiteFixturePacket('ticker_full.packet')),
        stats,
      );
      expect(ticks.map((t) => [t.mode, t.lastPrice])).toEqual([
        ['quote', '1573.15'],
        ['full', '1573.70'],
      ]);
      expect(stats).toEqual({ messages: 1, heartbeats: 0, packets: 2, malformed: 0 });
    });
  });

  describe('layout, byte by byte', () => {
    it('reads the count and each length as big-endian uint16 (00 01 | 00 08 | packet)', () => {
      const bytes = Buffer.from([0x00, 0x01, 0x00, 0x08, 0x00, 0x06, 0x3a, 0x01, 0x00, 0x02, 0x66, 0x83]);
      expect(parseKiteMessage(bytes)).toEqual([
        { mode: 'ltp', token: 408065, segment: 'NSE', tradable: true, lastPrice: '1573.15' },
      ]);
    });

    it('a 28-byte NIFTY 50 index packet: high, low, open, close order, not tradable, no volume', () => {
      // 256265 & 0xff = 9 (INDICES)
      const tick = parseKiteSinglePacket(int32s(256265, 2415005, 2420000, 2400010, 2405050, 2400000, 777));
      expect(tick).toEqual({
        mode: 'quote',
        token: 256265,
        segment: 'INDICES',
        tradable: false,
        lastPrice: '24150.05',
        ohlc: { high: '24200.00', low: '24000.10', open: '24050.50', close: '24000.00' },
        netChange: '150.05',
      });
    });

    it('a 32-byte index full packet adds the exchange timestamp in unix seconds', () => {
      const tick = parseKiteSinglePacket(
        int32s(256265, 2415005, 2420000, 2400010, 2405050, 2400000, 0, 1764661500),
      );
      expect(tick!.mode).toBe('full');
      expect(tick!.exchangeTimestamp).toBe('2025-12-02T07:45:00.000Z');
    });

    it('a 44-byte quote packet reads each int32 field at its documented offset', () => {
      const tick = parseKiteSinglePacket(
        int32s(12073986, 252840, 40, 250000, 1000, 2, 3, 240000, 260000, 230000, 245000),
      );
      expect(tick).toEqual({
        mode: 'quote',
        token: 12073986,
        segment: 'NFO',
        tradable: true,
        lastPrice: '2528.40',
        lastQuantity: 40,
        averagePrice: '2500.00',
        volume: 1000,
        buyQuantity: 2,
        sellQuantity: 3,
        ohlc: { open: '2400.00', high: '2600.00', low: '2300.00', close: '2450.00' },
        netChange: '78.40',
      });
    });

    it('a 184-byte full packet: depth is 5 bids then 5 asks of qty, price, int16 orders, 2 pad bytes', () => {
      const head = int32s(12073986, 1005, 1, 1000, 10, 0, 0, 1000, 1010, 990, 1000, 0, 5000, 6000, 4000, 0);
      const levels = Array.from({ length: 10 }, (_, i) => {
        const level = Buffer.alloc(12);
        level.writeInt32BE(100 + i, 0);
        level.writeInt32BE(1000 + (i < 5 ? -i : i) * 5, 4);
        level.writeUInt16BE(i + 1, 8);
        level.writeUInt16BE(0xffff, 10); // padding is ignored
        return level;
      });
      const tick = parseKiteSinglePacket(Buffer.concat([head, ...levels]));
      expect(tick!.lastTradeTime).toBeNull();
      expect(tick!.exchangeTimestamp).toBeNull();
      expect(tick!.netChange).toBe('0.05');
      expect([tick!.oi, tick!.oiDayHigh, tick!.oiDayLow]).toEqual([5000, 6000, 4000]);
      expect(tick!.depth!.buy[0]).toEqual({ quantity: 100, price: '10.00', orders: 1 });
      expect(tick!.depth!.buy[4]).toEqual({ quantity: 104, price: '9.80', orders: 5 });
      expect(tick!.depth!.sell[0]).toEqual({ quantity: 105, price: '10.25', orders: 6 });
      expect(tick!.depth!.sell[4]).toEqual({ quantity: 109, price: '10.45', orders: 10 });
    });

    it.each([
      [1, 'NSE', '1573.15'],
      [2, 'NFO', '1573.15'],
      [3, 'CDS', '0.0157315'],
      [4, 'BSE', '1573.15'],
      [5, 'BFO', '1573.15'],
      [6, 'BCD', '15.7315'],
      [7, 'MCX', '1573.15'],
      [9, 'INDICES', '1573.15'],
    ])('segment %i (%s) from token & 0xff sets the price divisor: 157315 → %s', (segment, name, price) => {
      const token = (1234 << 8) | segment;
      expect(kiteSegmentOf(token)).toBe(name);
      expect(parseKiteSinglePacket(int32s(token, 157315))!.lastPrice).toBe(price);
    });

    it('a negative price (MCX crude, April 2020) stays negative and exact', () => {
      expect(parseKiteSinglePacket(int32s((1 << 8) | 7, -3763))!.lastPrice).toBe('-37.63');
    });
  });

  describe('heartbeats and malformed input', () => {
    it('a 1-byte message is a heartbeat with no ticks', () => {
      const stats = emptyKiteParseStats();
      expect(parseKiteMessage(Buffer.from([0]), stats)).toEqual([]);
      expect(stats).toMatchObject({ heartbeats: 1, malformed: 0 });
    });

    it('an empty message is counted as malformed', () => {
      const stats = emptyKiteParseStats();
      expect(parseKiteMessage(Buffer.alloc(0), stats)).toEqual([]);
      expect(stats.malformed).toBe(1);
    });

    it('a packet of an undocumented length is skipped and the next one still decodes', () => {
      const stats = emptyKiteParseStats();
      const ticks = parseKiteMessage(frame(Buffer.alloc(10, 1), int32s(408065, 100)), stats);
      expect(ticks.map((t) => t.lastPrice)).toEqual(['1.00']);
      expect(stats).toMatchObject({ packets: 1, malformed: 1 });
    });

    it('a header promising three packets with bytes for one keeps the one and counts two', () => {
      const full = frame(int32s(408065, 100));
      full.writeUInt16BE(3, 0);
      const stats = emptyKiteParseStats();
      expect(parseKiteMessage(full, stats)).toHaveLength(1);
      expect(stats.malformed).toBe(2);
    });

    it('a packet cut short inside its bytes is counted, not read past the end', () => {
      const bytes = frame(kiteFixturePacket('ticker_full.packet')).subarray(0, 100);
      const stats = emptyKiteParseStats();
      expect(parseKiteMessage(bytes, stats)).toEqual([]);
      expect(stats.malformed).toBe(1);
    });

    it('trailing bytes after the promised packets are counted once', () => {
      const stats = emptyKiteParseStats();
      const ticks = parseKiteMessage(
        Buffer.concat([frame(int32s(408065, 100)), Buffer.from([1, 2, 3])]),
        stats,
      );
      expect(ticks).toHaveLength(1);
      expect(stats.malformed).toBe(1);
    });

    it('parses a view into a larger buffer at a non-zero offset', () => {
      const inner = frame(kiteFixturePacket('ticker_quote.packet'));
      const outer = Buffer.concat([Buffer.alloc(7, 0xaa), inner, Buffer.alloc(5, 0xbb)]);
      expect(parseKiteMessage(outer.subarray(7, 7 + inner.length))[0]!.lastPrice).toBe('1573.15');
    });

    it('never throws on random bytes, and every promised packet is either a tick or counted', () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
          const stats = emptyKiteParseStats();
          const ticks = parseKiteMessage(bytes, stats);
          expect(ticks).toHaveLength(stats.packets);
          if (bytes.length >= 2) {
            const promised = (bytes[0]! << 8) | bytes[1]!;
            expect(stats.packets).toBeLessThanOrEqual(promised);
          }
        }),
        { numRuns: 2000 },
      );
    });

    it('never throws on any truncation of a valid message, and keeps exactly the whole packets', () => {
      const packets = [
        kiteFixturePacket('ticker_quote.packet'),
        kiteFixturePacket('ticker_full.packet'),
        int32s(408065, 157315),
        int32s(256265, 1, 2, 3, 4, 5, 6, 7),
      ];
      fc.assert(
        fc.property(
          fc.array(fc.constantFrom(...packets), { minLength: 1, maxLength: 6 }),
          fc.nat(),
          (chosen, cutSeed) => {
            const whole = frame(...chosen);
            const cut = cutSeed % (whole.length + 1);
            const stats = emptyKiteParseStats();
            const ticks = parseKiteMessage(whole.subarray(0, cut), stats);
            let end = 2;
            let complete = 0;
            for (const p of chosen) {
              end += 2 + p.length;
              if (end <= cut) complete++;
            }
            expect(ticks).toHaveLength(cut < 2 ? 0 : complete);
            if (cut >= 2 && cut < whole.length) expect(stats.malformed).toBe(chosen.length - complete);
          },
        ),
        { numRuns: 1000 },
      );
    });
  });
});
