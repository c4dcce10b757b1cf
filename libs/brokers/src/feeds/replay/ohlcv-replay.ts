import { type Bar, type Tick } from '@dalal/contracts';

import { PlaybackFeed, type PlaybackEvent, type PlaybackOptions } from './playback-feed';
import { FeedError } from '../feed-error';

/** One row of `timestamp,open,high,low,close,volume` (shared/data/*.csv), prices as given. */
export interface OhlcvRow {
  readonly timestamp: string;
  readonly atMs: number;
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  readonly volume: number;
}

const DECIMAL = /^\d+(\.\d+)?$/;

/** Parses the CSV; throws FeedError INVALID_CSV naming the first bad line. */
export function parseOhlcvCsv(csv: string): OhlcvRow[] {
  const lines = csv.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines[0]?.trim() !== 'timestamp,open,high,low,close,volume') {
    throw new FeedError(
      'INVALID_CSV',
      `expected header timestamp,open,high,low,close,volume, got "${lines[0] ?? ''}"`,
    );
  }
  return lines.slice(1).map((line, i) => {
    const [timestamp = '', open = '', high = '', low = '', close = '', volume = ''] = line.split(',');
    const atMs = Date.parse(timestamp);
    if (!/[+-]\d{2}:\d{2}$|Z$/.test(timestamp) || Number.isNaN(atMs)) {
      throw new FeedError('INVALID_CSV', `line ${i + 2}: timestamp "${timestamp}" needs an offset`);
    }
    if (![open, high, low, close].every((p) => DECIMAL.test(p)) || !/^\d+$/.test(volume)) {
      throw new FeedError('INVALID_CSV', `line ${i + 2}: unreadable prices or volume`);
    }
    return { timestamp, atMs, open, high, low, close, volume: Number(volume) };
  });
}

export interface OhlcvReplayOptions extends PlaybackOptions {
  readonly instrument: string;
  readonly exchange: Tick['exchange'];
  /** `end` (default): a row's timestamp is its bar's end, as in shared/data ("09:16" = 09:15–09:16). */
  readonly label?: 'start' | 'end';
  readonly barMs?: number;
  /** What to emit: ticks along O→L→H→C (or O→H→L→C for a down bar), closed bars, or both. */
  readonly emit?: 'ticks' | 'bars' | 'both';
}

/**
 * Events for an OHLCV series: four ticks per bar inside the bar's time (open at its start, the
 * nearer extreme first, close just before its end) so the same bars come back out of an aggregator,
 * and/or the closed bar at its end.
 */
export function ohlcvEvents(rows: readonly OhlcvRow[], options: OhlcvReplayOptions): PlaybackEvent[] {
  const barMs = options.barMs ?? 60_000;
  const emit = options.emit ?? 'ticks';
  const shift = (options.label ?? 'end') === 'end' ? barMs : 0;
  const events: PlaybackEvent[] = [];
  const tick = (ltp: string, atMs: number): PlaybackEvent => ({
    atMs,
    tick: {
      instrument: options.instrument,
      exchange: options.exchange,
      ltp,
      exchangeTs: new Date(atMs).toISOString(),
    },
  });
  for (const row of rows) {
    const start = row.atMs - shift;
    if (emit !== 'bars') {
      const up = Number(row.close) >= Number(row.open);
      const [first, second] = up ? [row.low, row.high] : [row.high, row.low];
      events.push(
        tick(row.open, start),
        tick(first, start + barMs / 4),
        tick(second, start + barMs / 2),
        tick(row.close, start + barMs - 1000),
      );
    }
    if (emit !== 'ticks') {
      const bar: Bar = {
        instrument: options.instrument,
        exchange: options.exchange,
        timeframe: '1m',
        openTime: new Date(start).toISOString(),
        closeTime: new Date(start + barMs).toISOString(),
        open: row.open,
        high: row.high,
        low: row.low,
        close: row.close,
        volume: row.volume,
        closed: true,
      };
      events.push({ atMs: start + barMs, bar });
    }
  }
  return events;
}

/** A MarketFeed that replays an OHLCV CSV at real or accelerated speed. */
export function ohlcvReplayFeed(csv: string, options: OhlcvReplayOptions): PlaybackFeed {
  const events = ohlcvEvents(parseOhlcvCsv(csv), options);
  return new PlaybackFeed(`replay:${options.instrument}`, () => events, options);
}
