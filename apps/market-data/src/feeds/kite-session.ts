import { type CandleInterval, KiteAdapter } from '@dalal/brokers';
import { type PriceBar } from '@dalal/market';
import { type BrokerSessionsRepository } from '@dalal/persistence';

import { MarketDataError } from '../market-data-error';

const IST_OFFSET_MS = 330 * 60_000;

export interface KiteSessionOptions {
  readonly apiKey: string;
  readonly userId: string;
  /** REST root, for historical candles. */
  readonly root: string;
  readonly now: () => Date;
}

/** Fetches historical 1-minute candles for gap backfill; `from`/`to` are epoch ms, `[from, to)`. */
export interface CandleSource {
  minuteCandles(token: number, from: number, to: number): Promise<PriceBar[]>;
}

/**
 * The trader's latest Kite login, read (and decrypted) from the broker sessions table: the access token
 * for the ticker, and historical candles for gap backfill.
 */
export class KiteSession implements CandleSource {
  constructor(
    private readonly sessions: BrokerSessionsRepository,
    private readonly options: KiteSessionOptions,
  ) {}

  async accessToken(): Promise<string> {
    const session = await this.sessions.currentSession('kite', this.options.userId, this.options.now());
    if (!session) {
      throw new MarketDataError(
        'NO_SESSION',
        `no live Kite session for ${this.options.userId}: log in again`,
      );
    }
    return session.accessToken;
  }

  async minuteCandles(token: number, from: number, to: number): Promise<PriceBar[]> {
    const kite = new KiteAdapter({
      apiKey: this.options.apiKey,
      accessToken: await this.accessToken(),
      root: this.options.root,
    });
    const interval: CandleInterval = 'minute';
    // kiteconnect writes from/to as the process's local wall time and Kite reads them as IST: hand it
    // Dates whose local fields are the IST wall time, whatever TZ this process runs in.
    const candles = await kite.getCandles(token, interval, istWall(from), istWall(to));
    return candles
      .map((c) => {
        const time = Date.parse(c.time);
        return {
          time,
          end: time + 60_000,
          open: c.open.toString(),
          high: c.high.toString(),
          low: c.low.toString(),
          close: c.close.toString(),
          volume: c.volume,
        };
      })
      .filter((c) => c.time >= from && c.time < to)
      .sort((a, b) => a.time - b.time);
  }
}

function istWall(ms: number): Date {
  return new Date(ms + IST_OFFSET_MS + new Date(ms).getTimezoneOffset() * 60_000);
}
