import { minorToDecimal } from '../minor-units';

/**
 * Kite Connect v3 binary ticker: our own parser over the documented layout (brokers.md §1.7), so
 * prices come out as exact decimal strings instead of the official client's floats.
 *
 * A message is `uint16 count` then `count × (uint16 length, packet)`, all big-endian. A 1-byte
 * message is a heartbeat. Packets are told apart by their length: 8 ltp, 28 index quote, 32 index
 * full, 44 quote, 184 full.
 */

export type KiteMode = 'ltp' | 'quote' | 'full';

/** `token & 0xff` names the segment; 9 (INDICES) is not tradable. */
export const KITE_SEGMENTS = {
  1: 'NSE',
  2: 'NFO',
  3: 'CDS',
  4: 'BSE',
  5: 'BFO',
  6: 'BCD',
  7: 'MCX',
  8: 'MCXSX',
  9: 'INDICES',
} as const;
export type KiteSegment = (typeof KITE_SEGMENTS)[keyof typeof KITE_SEGMENTS] | 'UNKNOWN';

export const KITE_PACKET_LENGTHS = {
  ltp: 8,
  indexQuote: 28,
  indexFull: 32,
  quote: 44,
  full: 184,
} as const;

export interface KiteOhlc {
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
}

export interface KiteDepthLevel {
  readonly price: string;
  readonly quantity: number;
  readonly orders: number;
}

/** One decoded packet. Prices are decimal strings in rupees; times are UTC ISO strings. */
export interface KiteTick {
  readonly mode: KiteMode;
  readonly token: number;
  readonly segment: KiteSegment;
  readonly tradable: boolean;
  readonly lastPrice: string;
  readonly ohlc?: KiteOhlc;
  /** lastPrice − close, exact; absent when close is 0 or the packet has no close. */
  readonly netChange?: string;
  readonly lastQuantity?: number;
  readonly averagePrice?: string;
  readonly volume?: number;
  readonly buyQuantity?: number;
  readonly sellQuantity?: number;
  readonly lastTradeTime?: string | null;
  readonly exchangeTimestamp?: string | null;
  readonly oi?: number;
  readonly oiDayHigh?: number;
  readonly oiDayLow?: number;
  readonly depth?: { readonly buy: readonly KiteDepthLevel[]; readonly sell: readonly KiteDepthLevel[] };
}

/** Running counts a parser keeps; malformed input is counted here and skipped, never thrown. */
export interface KiteParseStats {
  messages: number;
  heartbeats: number;
  packets: number;
  /** Packets or fragments skipped: unknown length, truncated, empty or short messages, trailing bytes. */
  malformed: number;
}

export function emptyKiteParseStats(): KiteParseStats {
  return { messages: 0, heartbeats: 0, packets: 0, malformed: 0 };
}

export function kiteSegmentOf(token: number): KiteSegment {
  return KITE_SEGMENTS[(token & 0xff) as keyof typeof KITE_SEGMENTS] ?? 'UNKNOWN';
}

/** Fraction digits of the segment's price unit: paise everywhere, 1e-7 for CDS, 1e-4 for BCD (as KJS). */
export function kitePriceDecimals(segment: KiteSegment): number {
  if (segment === 'CDS') return 7;
  if (segment === 'BCD') return 4;
  return 2;
}

// Ticks of one message share a second or two; formatting a Date is the costliest step of a full
// packet, so the last answer is kept.
let lastSeconds = -1;
let lastIso = '';

function epochSecondsToIso(seconds: number): string | null {
  if (seconds === 0) return null;
  if (seconds !== lastSeconds) {
    lastIso = new Date(seconds * 1000).toISOString();
    lastSeconds = seconds;
  }
  return lastIso;
}

function depthSide(view: DataView, start: number, decimals: number): KiteDepthLevel[] {
  const levels: KiteDepthLevel[] = [];
  for (let i = 0; i < 5; i++) {
    const at = start + i * 12;
    levels.push({
      quantity: view.getUint32(at),
      price: minorToDecimal(view.getInt32(at + 4), decimals),
      orders: view.getUint16(at + 8),
    });
  }
  return levels;
}

/**
 * Decodes one packet of `length` bytes at `offset`. Returns null for a length that is not one of the
 * five documented ones; the caller has already checked the bytes are there.
 */
export function parseKitePacket(view: DataView, offset: number, length: number): KiteTick | null {
  if (length !== 8 && length !== 28 && length !== 32 && length !== 44 && length !== 184) {
    return null;
  }
  const token = view.getUint32(offset);
  const segment = kiteSegmentOf(token);
  const decimals = kitePriceDecimals(segment);
  const tradable = segment !== 'INDICES';
  const ltpMinor = view.getInt32(offset + 4);
  const lastPrice = minorToDecimal(ltpMinor, decimals);
  if (length === 8) return { mode: 'ltp', token, segment, tradable, lastPrice };

  if (length === 28 || length === 32) {
    // Index packets: high, low, open, close in that order. Bytes 24–28 carry a change field that both
    // official clients discard and recompute; we recompute it exactly instead.
    const closeMinor = view.getInt32(offset + 20);
    const tick: {
      -readonly [K in keyof KiteTick]: KiteTick[K];
    } = {
      mode: length === 32 ? 'full' : 'quote',
      token,
      segment,
      tradable,
      lastPrice,
      ohlc: {
        open: minorToDecimal(view.getInt32(offset + 16), decimals),
        high: minorToDecimal(view.getInt32(offset + 8), decimals),
        low: minorToDecimal(view.getInt32(offset + 12), decimals),
        close: minorToDecimal(closeMinor, decimals),
      },
    };
    if (closeMinor !== 0) tick.netChange = minorToDecimal(ltpMinor - closeMinor, decimals);
    if (length === 32) tick.exchangeTimestamp = epochSecondsToIso(view.getUint32(offset + 28));
    return tick;
  }

  const closeMinor = view.getInt32(offset + 40);
  const tick: { -readonly [K in keyof KiteTick]: KiteTick[K] } = {
    mode: length === 184 ? 'full' : 'quote',
    token,
    segment,
    tradable,
    lastPrice,
    lastQuantity: view.getUint32(offset + 8),
    averagePrice: minorToDecimal(view.getInt32(offset + 12), decimals),
    volume: view.getUint32(offset + 16),
    buyQuantity: view.getUint32(offset + 20),
    sellQuantity: view.getUint32(offset + 24),
    ohlc: {
      open: minorToDecimal(view.getInt32(offset + 28), decimals),
      high: minorToDecimal(view.getInt32(offset + 32), decimals),
      low: minorToDecimal(view.getInt32(offset + 36), decimals),
      close: minorToDecimal(closeMinor, decimals),
    },
  };
  if (closeMinor !== 0) tick.netChange = minorToDecimal(ltpMinor - closeMinor, decimals);
  if (length === 184) {
    tick.lastTradeTime = epochSecondsToIso(view.getUint32(offset + 44));
    tick.oi = view.getUint32(offset + 48);
    tick.oiDayHigh = view.getUint32(offset + 52);
    tick.oiDayLow = view.getUint32(offset + 56);
    tick.exchangeTimestamp = epochSecondsToIso(view.getUint32(offset + 60));
    tick.depth = {
      buy: depthSide(view, offset + 64, decimals),
      sell: depthSide(view, offset + 124, decimals),
    };
  }
  return tick;
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Decodes one bare packet (no message framing), e.g. the KMOCK `ticker_*.packet` fixtures. */
export function parseKiteSinglePacket(bytes: Uint8Array): KiteTick | null {
  return parseKitePacket(viewOf(bytes), 0, bytes.byteLength);
}

/**
 * Decodes one WebSocket binary message into ticks, pushing them to `out` (reused by hot callers).
 * Truncated and unknown packets are counted in `stats.malformed` and skipped; the packets before them
 * are kept. Never throws.
 */
export function parseKiteMessage(
  bytes: Uint8Array,
  stats: KiteParseStats = emptyKiteParseStats(),
  out: KiteTick[] = [],
): KiteTick[] {
  stats.messages++;
  const size = bytes.byteLength;
  if (size === 1) {
    stats.heartbeats++;
    return out;
  }
  if (size < 2) {
    stats.malformed++;
    return out;
  }
  const view = viewOf(bytes);
  const count = view.getUint16(0);
  let at = 2;
  for (let i = 0; i < count; i++) {
    if (at + 2 > size) {
      // The header promised more packets than the message holds.
      stats.malformed += count - i;
      return out;
    }
    const length = view.getUint16(at);
    at += 2;
    if (at + length > size) {
      stats.malformed += count - i;
      return out;
    }
    const tick = parseKitePacket(view, at, length);
    if (tick) {
      stats.packets++;
      out.push(tick);
    } else {
      stats.malformed++;
    }
    at += length;
  }
  if (at !== size) stats.malformed++;
  return out;
}
