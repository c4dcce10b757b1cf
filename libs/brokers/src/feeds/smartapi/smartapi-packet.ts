import { type Tick } from '@dalal/contracts';

import { bigMinorToDecimal } from '../minor-units';

/**
 * Angel One SmartAPI WebSocket 2.0 binary packets (brokers.md §3.2): one packet per frame,
 * little-endian, prices as int64 paise. The mode byte says the layout: 1 LTP (51 bytes), 2 Quote
 * (123), 3 SnapQuote (379). Depth20 (mode 4) is not decoded.
 */

export type SmartMode = 'ltp' | 'quote' | 'snapquote';

export const SMART_PACKET_LENGTHS = { ltp: 51, quote: 123, snapquote: 379 } as const;

/** exchangeType byte → Angel's segment name. */
export const SMART_EXCHANGE_TYPES = {
  1: 'nse_cm',
  2: 'nse_fo',
  3: 'bse_cm',
  4: 'bse_fo',
  5: 'mcx_fo',
  7: 'ncx_fo',
  13: 'cde_fo',
} as const;

export interface SmartDepthLevel {
  readonly price: string;
  readonly quantity: number;
  readonly orders: number;
}

export interface SmartTick {
  readonly mode: SmartMode;
  readonly exchangeType: number;
  readonly token: string;
  /** int64 sequence number, as a string so no digit is lost. */
  readonly sequence: string;
  readonly exchangeTimestamp: string;
  readonly lastPrice: string;
  readonly lastQuantity?: number;
  readonly averagePrice?: string;
  readonly volume?: number;
  /** Sent as float64 by Angel; whole numbers in practice. */
  readonly totalBuyQuantity?: number;
  readonly totalSellQuantity?: number;
  readonly ohlc?: {
    readonly open: string;
    readonly high: string;
    readonly low: string;
    readonly close: string;
  };
  readonly lastTradedTimestamp?: string;
  readonly oi?: number;
  readonly oiChangePct?: number;
  readonly depth?: { readonly buy: readonly SmartDepthLevel[]; readonly sell: readonly SmartDepthLevel[] };
  readonly upperCircuit?: string;
  readonly lowerCircuit?: string;
  readonly high52Week?: string;
  readonly low52Week?: string;
}

export interface SmartParseStats {
  frames: number;
  packets: number;
  /** Frames skipped: unknown mode, shorter than the mode's layout, or an unreadable token. */
  malformed: number;
}

export function emptySmartParseStats(): SmartParseStats {
  return { frames: 0, packets: 0, malformed: 0 };
}

const MODES: Record<number, SmartMode> = { 1: 'ltp', 2: 'quote', 3: 'snapquote' };

/** Currency derivatives (cde_fo) are quoted in 1e-7 rupee units [V]; everything else in paise. */
export function smartPriceDecimals(exchangeType: number): number {
  return exchangeType === 13 ? 7 : 2;
}

/** Reads one frame; null (and counted) if it is not a complete LTP/Quote/SnapQuote packet. */
export function parseSmartPacket(
  bytes: Uint8Array,
  stats: SmartParseStats = emptySmartParseStats(),
): SmartTick | null {
  stats.frames++;
  const mode = bytes.byteLength > 0 ? MODES[bytes[0]!] : undefined;
  if (!mode || bytes.byteLength < SMART_PACKET_LENGTHS[mode]) {
    stats.malformed++;
    return null;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const exchangeType = bytes[1]!;
  const nul = bytes.indexOf(0, 2);
  const tokenEnd = nul === -1 || nul > 27 ? 27 : nul;
  const token = Buffer.from(bytes.buffer, bytes.byteOffset + 2, tokenEnd - 2).toString('latin1');
  if (!/^[0-9A-Za-z_-]+$/.test(token)) {
    stats.malformed++;
    return null;
  }
  const d = smartPriceDecimals(exchangeType);
  const price = (at: number) => bigMinorToDecimal(view.getBigInt64(at, true), d);
  const int = (at: number) => Number(view.getBigInt64(at, true));
  const ms = (at: number) => new Date(int(at)).toISOString();
  const tick: { -readonly [K in keyof SmartTick]: SmartTick[K] } = {
    mode,
    exchangeType,
    token,
    sequence: view.getBigInt64(27, true).toString(),
    exchangeTimestamp: ms(35),
    lastPrice: price(43),
  };
  if (mode !== 'ltp') {
    tick.lastQuantity = int(51);
    tick.averagePrice = price(59);
    tick.volume = int(67);
    tick.totalBuyQuantity = view.getFloat64(75, true);
    tick.totalSellQuantity = view.getFloat64(83, true);
    tick.ohlc = { open: price(91), high: price(99), low: price(107), close: price(115) };
  }
  if (mode === 'snapquote') {
    tick.lastTradedTimestamp = ms(123);
    tick.oi = int(131);
    tick.oiChangePct = view.getFloat64(139, true);
    const buy: SmartDepthLevel[] = [];
    const sell: SmartDepthLevel[] = [];
    for (let i = 0; i < 10; i++) {
      const at = 147 + i * 20;
      const level = { quantity: int(at + 2), price: price(at + 10), orders: view.getUint16(at + 18, true) };
      // flag 0 = buy (brokers.md §3.2; SmartAPI-Python names the lists the other way round).
      (view.getUint16(at, true) === 0 ? buy : sell).push(level);
    }
    tick.depth = { buy, sell };
    tick.upperCircuit = price(347);
    tick.lowerCircuit = price(355);
    tick.high52Week = price(363);
    tick.low52Week = price(371);
  }
  stats.packets++;
  return tick;
}

const SMART_EXCHANGE: Record<number, 'NSE' | 'NFO' | 'BSE' | 'BFO'> = {
  1: 'NSE',
  2: 'NFO',
  3: 'BSE',
  4: 'BFO',
};

/**
 * A SmartAPI packet in the wire contract's shape, or null for an exchange the contract lacks.
 * `resolve` maps Angel's symboltoken to our instrument name (default: the token itself).
 */
export function smartTickToTick(
  tick: SmartTick,
  resolve?: (exchangeType: number, token: string) => string | undefined,
): Tick | null {
  const exchange = SMART_EXCHANGE[tick.exchangeType];
  if (!exchange) return null;
  const out: { -readonly [K in keyof Tick]: Tick[K] } = {
    instrument: resolve?.(tick.exchangeType, tick.token) ?? tick.token,
    exchange,
    ltp: tick.lastPrice,
    exchangeTs: tick.exchangeTimestamp,
  };
  if (tick.volume !== undefined) out.volume = tick.volume;
  if (tick.oi !== undefined) out.openInterest = tick.oi;
  const bid = tick.depth?.buy[0];
  const ask = tick.depth?.sell[0];
  if (bid && bid.quantity > 0) out.bid = bid.price;
  if (ask && ask.quantity > 0) out.ask = ask.price;
  return out;
}
