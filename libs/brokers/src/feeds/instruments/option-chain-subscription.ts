import { atmStrike, isUnderlying, nextExpiry, strikesAround } from '@dalal/market';

import { type KiteInstrument } from './kite-instruments';
import { FeedError } from '../feed-error';

export interface OptionChainOptions {
  /** The `name` column of the dump: NIFTY, BANKNIFTY, SENSEX… */
  readonly underlying: string;
  readonly strikeInterval: number;
  /** Strikes either side of ATM. */
  readonly count: number;
  /** Today (IST), to pick the current expiry. */
  readonly today: string;
}

export interface ChainWindow {
  readonly expiry: string;
  readonly atm: number;
  readonly strikes: readonly number[];
  /** CE and PE contracts of those strikes that the dump lists. */
  readonly instruments: readonly KiteInstrument[];
}

export interface ChainChange {
  readonly window: ChainWindow;
  readonly subscribe: readonly number[];
  readonly unsubscribe: readonly number[];
}

/**
 * The option contracts to stream: ATM ± N strikes of the current expiry, re-centred as the
 * underlying moves. The expiry is the exchange rule's next expiry (`nextExpiry`) when the dump lists
 * it, else the nearest expiry the dump has on or after today (old dumps, unknown underlyings).
 */
export class OptionChainSubscription {
  private readonly options: KiteInstrument[];
  private readonly expiry: string;
  private current: ChainWindow | undefined;

  constructor(
    instruments: readonly KiteInstrument[],
    private readonly config: OptionChainOptions,
  ) {
    this.options = instruments.filter(
      (i) => i.name === config.underlying && (i.instrumentType === 'CE' || i.instrumentType === 'PE'),
    );
    const listed = [
      ...new Set(this.options.map((i) => i.expiry).filter((e): e is string => !!e && e >= config.today)),
    ].sort();
    const ruled = ruleExpiry(config.underlying, config.today);
    const expiry = ruled && listed.includes(ruled) ? ruled : listed[0];
    if (!expiry) {
      throw new FeedError(
        'INVALID_INPUT',
        `no ${config.underlying} options expiring on or after ${config.today}`,
      );
    }
    this.expiry = expiry;
  }

  get window(): ChainWindow | undefined {
    return this.current;
  }

  /** The tokens to add and drop for this spot, or null while the ATM strike has not moved. */
  update(spot: number): ChainChange | null {
    const atm = atmStrike(spot, this.config.strikeInterval);
    if (this.current?.atm === atm) return null;
    const strikes = strikesAround(spot, this.config.strikeInterval, this.config.count);
    const wanted = new Set(strikes);
    const instruments = this.options.filter((i) => i.expiry === this.expiry && wanted.has(Number(i.strike)));
    const before = new Set(this.current?.instruments.map((i) => i.instrumentToken) ?? []);
    const after = new Set(instruments.map((i) => i.instrumentToken));
    this.current = { expiry: this.expiry, atm, strikes, instruments };
    return {
      window: this.current,
      subscribe: [...after].filter((t) => !before.has(t)),
      unsubscribe: [...before].filter((t) => !after.has(t)),
    };
  }
}

function ruleExpiry(underlying: string, today: string): string | undefined {
  if (!isUnderlying(underlying)) return undefined;
  try {
    return nextExpiry(underlying, today).date;
  } catch {
    // No rule or calendar for that date (e.g. a 2018 dump): fall back to the dump's own expiries.
    return undefined;
  }
}
