import { isUnderlying, type Underlying } from '@dalal/market';

// Feeds name index ticks the way Kite's instrument dump does ("NIFTY 50", "NIFTY BANK"); the replay and
// tests may use the underlying's own name. Both must reach the same option pricing.
const FEED_NAMES: Readonly<Record<string, Underlying>> = {
  'NIFTY 50': 'NIFTY',
  'NIFTY BANK': 'BANKNIFTY',
  SENSEX: 'SENSEX',
};

/** The underlying whose index an instrument's ticks are, or undefined for any other instrument. */
export function indexUnderlyingOf(instrument: string): Underlying | undefined {
  return FEED_NAMES[instrument] ?? (isUnderlying(instrument) ? instrument : undefined);
}
