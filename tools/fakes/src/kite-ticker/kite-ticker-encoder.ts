/**
 * The inverse of the Kite binary ticker parser: builds the exact frames Kite sends (brokers.md §1.7)
 * from scripted ticks. Kept independent of `libs/brokers` so a round trip checks two readings of the
 * layout against each other, and against the real KMOCK frames.
 */

export type KiteTickerMode = 'ltp' | 'quote' | 'full';

export interface FakeKiteDepthLevel {
  readonly price: string;
  readonly quantity: number;
  readonly orders: number;
}

/** A scripted tick. Prices are decimal strings in rupees; times are unix seconds. */
export interface FakeKiteTick {
  readonly token: number;
  readonly lastPrice: string;
  readonly lastQuantity?: number;
  readonly averagePrice?: string;
  readonly volume?: number;
  readonly buyQuantity?: number;
  readonly sellQuantity?: number;
  readonly ohlc?: {
    readonly open: string;
    readonly high: string;
    readonly low: string;
    readonly close: string;
  };
  /** Index packets only: the raw change field at bytes 24–28 (clients ignore it). */
  readonly indexChange?: number;
  readonly lastTradeTime?: number;
  readonly exchangeTimestamp?: number;
  readonly oi?: number;
  readonly oiDayHigh?: number;
  readonly oiDayLow?: number;
  readonly depth?: {
    readonly buy: readonly FakeKiteDepthLevel[];
    readonly sell: readonly FakeKiteDepthLevel[];
  };
}

const INDICES = 9;

function priceDecimals(token: number): number {
  const segment = token & 0xff;
  if (segment === 3) return 7; // CDS
  if (segment === 6) return 4; // BCD
  return 2;
}

/** "1573.15" → 157315 for 2 decimals, exactly (no float multiplication). */
export function toMinorUnits(price: string, decimals: number): number {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(price);
  if (!match) throw new RangeError(`fake ticker: not a decimal price "${price}"`);
  const [, sign, whole, fraction = ''] = match;
  if (fraction.replace(/0+$/, '').length > decimals) {
    throw new RangeError(`fake ticker: "${price}" has more than ${decimals} decimals`);
  }
  const minor = Number(whole! + fraction.padEnd(decimals, '0').slice(0, decimals));
  return sign === '-' ? -minor : minor;
}

/** Whether the token is an index (segment 9), which Kite sends as 28/32-byte packets. */
export function isIndexToken(token: number): boolean {
  return (token & 0xff) === INDICES;
}

/** One bare packet in the layout the mode and segment call for: 8, 28, 32, 44 or 184 bytes. */
export function encodeKitePacket(tick: FakeKiteTick, mode: KiteTickerMode): Buffer {
  const d = priceDecimals(tick.token);
  const price = (p: string | undefined) => (p === undefined ? 0 : toMinorUnits(p, d));
  const ohlc = tick.ohlc;
  if (mode === 'ltp') {
    const buf = Buffer.alloc(8);
    buf.writeUInt32BE(tick.token, 0);
    buf.writeInt32BE(price(tick.lastPrice), 4);
    return buf;
  }
  if (isIndexToken(tick.token)) {
    const buf = Buffer.alloc(mode === 'full' ? 32 : 28);
    buf.writeUInt32BE(tick.token, 0);
    buf.writeInt32BE(price(tick.lastPrice), 4);
    buf.writeInt32BE(price(ohlc?.high), 8);
    buf.writeInt32BE(price(ohlc?.low), 12);
    buf.writeInt32BE(price(ohlc?.open), 16);
    buf.writeInt32BE(price(ohlc?.close), 20);
    buf.writeInt32BE(tick.indexChange ?? 0, 24);
    if (mode === 'full') buf.writeUInt32BE(tick.exchangeTimestamp ?? 0, 28);
    return buf;
  }
  const buf = Buffer.alloc(mode === 'full' ? 184 : 44);
  buf.writeUInt32BE(tick.token, 0);
  buf.writeInt32BE(price(tick.lastPrice), 4);
  buf.writeUInt32BE(tick.lastQuantity ?? 0, 8);
  buf.writeInt32BE(price(tick.averagePrice), 12);
  buf.writeUInt32BE(tick.volume ?? 0, 16);
  buf.writeUInt32BE(tick.buyQuantity ?? 0, 20);
  buf.writeUInt32BE(tick.sellQuantity ?? 0, 24);
  buf.writeInt32BE(price(ohlc?.open), 28);
  buf.writeInt32BE(price(ohlc?.high), 32);
  buf.writeInt32BE(price(ohlc?.low), 36);
  buf.writeInt32BE(price(ohlc?.close), 40);
  if (mode === 'full') {
    buf.writeUInt32BE(tick.lastTradeTime ?? 0, 44);
    buf.writeUInt32BE(tick.oi ?? 0, 48);
    buf.writeUInt32BE(tick.oiDayHigh ?? 0, 52);
    buf.writeUInt32BE(tick.oiDayLow ?? 0, 56);
    buf.writeUInt32BE(tick.exchangeTimestamp ?? 0, 60);
    const levels = [
      ...(tick.depth?.buy ?? []).slice(0, 5),
      ...pad(tick.depth?.buy),
      ...(tick.depth?.sell ?? []).slice(0, 5),
      ...pad(tick.depth?.sell),
    ];
    levels.forEach((level, i) => {
      const at = 64 + i * 12;
      buf.writeUInt32BE(level.quantity, at);
      buf.writeInt32BE(price(level.price), at + 4);
      buf.writeUInt16BE(level.orders, at + 8);
    });
  }
  return buf;
}

const EMPTY_LEVEL: FakeKiteDepthLevel = { price: '0', quantity: 0, orders: 0 };

function pad(side: readonly FakeKiteDepthLevel[] | undefined): FakeKiteDepthLevel[] {
  return Array.from({ length: Math.max(0, 5 - (side?.length ?? 0)) }, () => EMPTY_LEVEL);
}

/** `uint16 count` then `count × (uint16 length, packet)`. */
export function encodeKiteMessage(packets: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [];
  const head = Buffer.alloc(2);
  head.writeUInt16BE(packets.length, 0);
  parts.push(head);
  for (const packet of packets) {
    const length = Buffer.alloc(2);
    length.writeUInt16BE(packet.length, 0);
    parts.push(length, packet);
  }
  return Buffer.concat(parts);
}

/** The 1-byte heartbeat frame. */
export const KITE_HEARTBEAT = Buffer.from([0]);
