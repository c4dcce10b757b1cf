import { type Tick } from '@dalal/contracts';

import { type KiteSegment, type KiteTick } from './kite-packet';

export type TickExchange = Tick['exchange'];

/** Our name and exchange for a Kite token, normally from the instrument master. */
export interface ResolvedInstrument {
  readonly instrument: string;
  readonly exchange: TickExchange;
}

export type InstrumentResolver = (token: number) => ResolvedInstrument | undefined;

/** Kite segments we trade. Indices default to NSE (NIFTY, BANKNIFTY); a resolver names BSE's. */
const SEGMENT_EXCHANGE: Partial<Record<KiteSegment, TickExchange>> = {
  NSE: 'NSE',
  NFO: 'NFO',
  BSE: 'BSE',
  BFO: 'BFO',
  INDICES: 'NSE',
};

/**
 * A decoded Kite packet in the wire contract's shape, or null for a segment the contract has no
 * exchange for (currency, commodity). Packets without an exchange timestamp (ltp, quote) are stamped
 * with the receive time.
 */
export function kiteTickToTick(tick: KiteTick, receivedAt: Date, resolve?: InstrumentResolver): Tick | null {
  const resolved = resolve?.(tick.token);
  const exchange = resolved?.exchange ?? SEGMENT_EXCHANGE[tick.segment];
  if (!exchange) return null;
  const out: { -readonly [K in keyof Tick]: Tick[K] } = {
    instrument: resolved?.instrument ?? String(tick.token),
    exchange,
    ltp: tick.lastPrice,
    exchangeTs: tick.exchangeTimestamp ?? tick.lastTradeTime ?? receivedAt.toISOString(),
  };
  if (tick.volume !== undefined) out.volume = tick.volume;
  if (tick.oi !== undefined) out.openInterest = tick.oi;
  const bid = tick.depth?.buy[0];
  const ask = tick.depth?.sell[0];
  // An empty depth level comes as zeros; it is not a price anyone quotes.
  if (bid && bid.quantity > 0) out.bid = bid.price;
  if (ask && ask.quantity > 0) out.ask = ask.price;
  return out;
}
