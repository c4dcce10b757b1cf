import { type Tick } from '@dalal/contracts';
import { tradingCalendar, type Exchange } from '@dalal/market';

import { PlaybackFeed, type PlaybackEvent, type PlaybackOptions } from './playback-feed';
import { decimalToMinor, minorToDecimal } from '../minor-units';

export interface GbmSimulatorOptions extends PlaybackOptions {
  readonly instrument: string;
  readonly exchange: Tick['exchange'];
  /** Calendar whose session times the simulation follows. Default NSE. */
  readonly calendarExchange?: Exchange;
  /** IST trading date, e.g. "2025-12-02". */
  readonly date: string;
  readonly startPrice: string;
  /** Annualised volatility at midday, e.g. 0.15. */
  readonly volatility: number;
  readonly drift?: number;
  readonly seed: number;
  readonly tickIntervalMs?: number;
  /** Prices land on this grid, e.g. "0.05". */
  readonly tickSize?: string;
  /** How much hotter the open and close are than midday: 1.5 makes them 2.5× midday's volatility. */
  readonly uShape?: number;
}

/** mulberry32: small, fast and seedable; the same seed gives the same path. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Intraday volatility multiplier: 1 at midday, 1 + uShape at the open and the close. */
export function intradayVolatilityShape(fractionOfSession: number, uShape: number): number {
  const x = 2 * fractionOfSession - 1;
  return 1 + uShape * x * x;
}

const TRADING_SECONDS_PER_YEAR = 252 * 6.25 * 3600;

/**
 * Geometric Brownian motion through one session, with a U-shaped intraday volatility; seeded, so the
 * same options give the same ticks. The model runs in floats; each emitted price is snapped to the
 * tick grid and written as an exact decimal.
 */
export function* gbmTicks(options: GbmSimulatorOptions): Generator<PlaybackEvent> {
  const session = tradingCalendar(options.calendarExchange ?? 'NSE').sessionFor(options.date);
  if (!session) return;
  const step = options.tickIntervalMs ?? 1000;
  const tickMinor = decimalToMinor(options.tickSize ?? '0.05', 2);
  const random = mulberry32(options.seed);
  const normal = () => {
    const u = 1 - random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
  const open = session.opensAt.getTime();
  const close = session.closesAt.getTime();
  const dt = step / 1000 / TRADING_SECONDS_PER_YEAR;
  const drift = options.drift ?? 0;
  let price = decimalToMinor(options.startPrice, 2);
  for (let at = open; at < close; at += step) {
    const sigma =
      options.volatility * intradayVolatilityShape((at - open) / (close - open), options.uShape ?? 1.5);
    if (at > open) price *= Math.exp((drift - 0.5 * sigma * sigma) * dt + sigma * Math.sqrt(dt) * normal());
    const snapped = Math.max(tickMinor, Math.round(price / tickMinor) * tickMinor);
    yield {
      atMs: at,
      tick: {
        instrument: options.instrument,
        exchange: options.exchange,
        ltp: minorToDecimal(snapped, 2),
        exchangeTs: new Date(at).toISOString(),
      },
    };
  }
}

/** A MarketFeed of simulated ticks, for paper mode and demos when no data is given. */
export function gbmSimulatorFeed(options: GbmSimulatorOptions): PlaybackFeed {
  return new PlaybackFeed(`simulator:${options.instrument}`, () => gbmTicks(options), options);
}
