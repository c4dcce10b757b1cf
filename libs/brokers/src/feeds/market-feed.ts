import { type Tick } from '@dalal/contracts';

/** How much a feed sends per instrument; feeds without modes ignore it. */
export type FeedMode = 'ltp' | 'quote' | 'full';

/** A broker token (Kite's numeric instrument_token) or a symbol (Binance, replay). */
export type FeedInstrument = string | number;

/** What a feed reports about its connection; every reconnect is counted in `reconnects`. */
export type FeedStatus =
  | { readonly kind: 'connected'; readonly reconnects: number }
  | { readonly kind: 'disconnected'; readonly reason: string }
  | {
      readonly kind: 'reconnecting';
      readonly attempt: number;
      readonly delayMs: number;
      readonly reason: string;
    }
  | { readonly kind: 'reconnected'; readonly reconnects: number; readonly resubscribed: number }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'closed' };

export type Unsubscribe = () => void;

/**
 * One interface for every source of ticks: broker sockets, replays and the simulator. Ticks come
 * out in the wire contract's shape (`@dalal/contracts` Tick: decimal-string prices, UTC ISO times).
 */
export interface MarketFeed {
  readonly name: string;
  connect(): Promise<void>;
  subscribe(instruments: readonly FeedInstrument[], mode?: FeedMode): void;
  unsubscribe(instruments: readonly FeedInstrument[]): void;
  onTick(listener: (tick: Tick) => void): Unsubscribe;
  onStatus(listener: (status: FeedStatus) => void): Unsubscribe;
  close(): Promise<void>;
}
