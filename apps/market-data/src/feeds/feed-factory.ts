import { readFileSync } from 'node:fs';

import { KiteFeed, type MarketFeed, gbmSimulatorFeed, ohlcvReplayFeed } from '@dalal/brokers';
import { type Clock, istDate, type TradingCalendar } from '@dalal/market';

import { type MarketDataConfig } from '../config';
import { MarketDataError } from '../market-data-error';
import { type KiteSession } from './kite-session';

/** A feed ready to connect, and what to subscribe on it. */
export interface PreparedFeed {
  readonly feed: MarketFeed;
  readonly instruments: readonly (string | number)[];
  /** Settles when a replay or simulation has sent its last tick; never for a live feed. */
  readonly done?: Promise<void>;
}

export interface FeedFactoryDeps {
  readonly config: MarketDataConfig;
  readonly calendar: TradingCalendar;
  readonly now: () => Date;
  readonly kite?: KiteSession;
}

/** Builds the configured feed: a fresh KiteFeed per session (KiteTicker cannot be reopened), or a playback. */
export async function createFeed({ config, calendar, now, kite }: FeedFactoryDeps): Promise<PreparedFeed> {
  const speed = config.MD_REPLAY_SPEED === 0 ? Infinity : config.MD_REPLAY_SPEED;
  const { exchange, instrument } = config.MD_INSTRUMENT;
  if (config.MD_FEED === 'replay') {
    let csv: string;
    try {
      csv = readFileSync(config.MD_REPLAY_FILE, 'utf8');
    } catch (err) {
      throw new MarketDataError(
        'REPLAY_FILE',
        `cannot read ${config.MD_REPLAY_FILE}: ${(err as Error).message}`,
      );
    }
    const feed = ohlcvReplayFeed(csv, { instrument, exchange, speed });
    return {
      feed,
      instruments: [instrument],
      get done() {
        return feed.done;
      },
    };
  }
  if (config.MD_FEED === 'simulator') {
    let date = istDate(now());
    if (!safeTradingDay(calendar, date)) date = calendar.previousTradingDay(date);
    const feed = gbmSimulatorFeed({
      instrument,
      exchange,
      date,
      startPrice: config.MD_SIM_START_PRICE,
      volatility: 0.15,
      seed: config.MD_SIM_SEED,
      speed,
    });
    return {
      feed,
      instruments: [instrument],
      get done() {
        return feed.done;
      },
    };
  }
  if (!kite) throw new MarketDataError('NO_SESSION', 'MD_FEED=kite needs a Kite session');
  const names = new Map(config.MD_KITE_INSTRUMENTS.map((i) => [i.token, i]));
  const clock: Clock = { now };
  const feed = new KiteFeed({
    apiKey: config.KITE_API_KEY!,
    accessToken: await kite.accessToken(),
    ...(config.KITE_TICKER_ROOT ? { root: config.KITE_TICKER_ROOT } : {}),
    resolveInstrument: (token) => names.get(token),
    clock,
  });
  return { feed, instruments: config.MD_KITE_INSTRUMENTS.map((i) => i.token) };
}

function safeTradingDay(calendar: TradingCalendar, date: string): boolean {
  try {
    return calendar.isTradingDay(date);
  } catch {
    return false;
  }
}
