/**
 * Builds SmartAPI WebSocket 2.0 binary packets (brokers.md §3.2): little-endian, int64 paise,
 * 51-byte LTP, 123-byte Quote, 379-byte SnapQuote. Inverse of the feeds parser, written apart from it.
 */

export type SmartApiMode = 1 | 2 | 3;

export interface FakeSmartDepthLevel {
  readonly buy: boolean;
  readonly quantity: number;
  readonly price: string;
  readonly orders: number;
}

export interface FakeSmartTick {
  readonly exchangeType: number;
  readonly token: string;
  readonly sequence?: number;
  /** Exchange time in epoch ms. */
  readonly exchangeTimestamp: number;
  readonly lastPrice: string;
  readonly lastQuantity?: number;
  readonly averagePrice?: string;
  readonly volume?: number;
  readonly totalBuyQuantity?: number;
  readonly totalSellQuantity?: number;
  readonly open?: string;
  readonly high?: string;
  readonly low?: string;
  readonly close?: string;
  readonly lastTradedTimestamp?: number;
  readonly oi?: number;
  readonly oiChangePct?: number;
  readonly depth?: readonly FakeSmartDepthLevel[];
  readonly upperCircuit?: string;
  readonly lowerCircuit?: string;
  readonly high52Week?: string;
  readonly low52Week?: string;
}

const LENGTH: Record<SmartApiMode, number> = { 1: 51, 2: 123, 3: 379 };

function paise(price: string | undefined, decimals: number): bigint {
  if (price === undefined) return 0n;
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(price);
  if (!match) throw new RangeError(`fake smartapi: not a decimal price "${price}"`);
  const [, sign, whole, fraction = ''] = match;
  const minor = BigInt(whole! + fraction.padEnd(decimals, '0').slice(0, decimals));
  return sign === '-' ? -minor : minor;
}

export function encodeSmartPacket(tick: FakeSmartTick, mode: SmartApiMode): Buffer {
  const buf = Buffer.alloc(LENGTH[mode]);
  const d = tick.exchangeType === 13 ? 7 : 2;
  buf.writeUInt8(mode, 0);
  buf.writeUInt8(tick.exchangeType, 1);
  buf.write(tick.token.slice(0, 25), 2, 'latin1');
  buf.writeBigInt64LE(BigInt(tick.sequence ?? 0), 27);
  buf.writeBigInt64LE(BigInt(tick.exchangeTimestamp), 35);
  buf.writeBigInt64LE(paise(tick.lastPrice, d), 43);
  if (mode === 1) return buf;
  buf.writeBigInt64LE(BigInt(tick.lastQuantity ?? 0), 51);
  buf.writeBigInt64LE(paise(tick.averagePrice, d), 59);
  buf.writeBigInt64LE(BigInt(tick.volume ?? 0), 67);
  buf.writeDoubleLE(tick.totalBuyQuantity ?? 0, 75);
  buf.writeDoubleLE(tick.totalSellQuantity ?? 0, 83);
  buf.writeBigInt64LE(paise(tick.open, d), 91);
  buf.writeBigInt64LE(paise(tick.high, d), 99);
  buf.writeBigInt64LE(paise(tick.low, d), 107);
  buf.writeBigInt64LE(paise(tick.close, d), 115);
  if (mode === 2) return buf;
  buf.writeBigInt64LE(BigInt(tick.lastTradedTimestamp ?? 0), 123);
  buf.writeBigInt64LE(BigInt(tick.oi ?? 0), 131);
  buf.writeDoubleLE(tick.oiChangePct ?? 0, 139);
  (tick.depth ?? []).slice(0, 10).forEach((level, i) => {
    const at = 147 + i * 20;
    buf.writeUInt16LE(level.buy ? 0 : 1, at);
    buf.writeBigInt64LE(BigInt(level.quantity), at + 2);
    buf.writeBigInt64LE(paise(level.price, d), at + 10);
    buf.writeUInt16LE(level.orders, at + 18);
  });
  buf.writeBigInt64LE(paise(tick.upperCircuit, d), 347);
  buf.writeBigInt64LE(paise(tick.lowerCircuit, d), 355);
  buf.writeBigInt64LE(paise(tick.high52Week, d), 363);
  buf.writeBigInt64LE(paise(tick.low52Week, d), 371);
  return buf;
}
