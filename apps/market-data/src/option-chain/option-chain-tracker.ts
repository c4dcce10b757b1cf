import { type ChainChange, type KiteInstrument, OptionChainSubscription } from '@dalal/brokers';
import { type Tick } from '@dalal/contracts';
import { istDate, isUnderlying, underlyingSpec } from '@dalal/market';

import { type MarketDataConfig } from '../config';

/** The option rows of an underlying (the instrument master in the service). */
export interface ChainInstrumentSource {
  chainInstruments(underlying: string, today: string): Promise<KiteInstrument[]>;
}

export interface OptionChainTrackerOptions {
  readonly underlying: string;
  /** Our name for the index whose ticks re-centre the chain (from MD_KITE_INSTRUMENTS). */
  readonly index: { readonly exchange: string; readonly instrument: string };
  readonly strikeInterval: number;
  readonly count: number;
  readonly log?: (level: 'log' | 'warn' | 'error', message: string) => void;
}

/** The tracker the config asks for, or undefined when no option chain is configured. */
export function optionChainTrackerFromConfig(
  config: MarketDataConfig,
  source: ChainInstrumentSource,
  log?: OptionChainTrackerOptions['log'],
): OptionChainTracker | undefined {
  const underlying = config.MD_OPTION_CHAIN_UNDERLYING;
  if (config.MD_FEED !== 'kite' || !underlying) return undefined;
  const index = config.MD_KITE_INSTRUMENTS.find((i) => i.token === config.MD_OPTION_CHAIN_INDEX_TOKEN)!;
  const strikeInterval =
    config.MD_OPTION_CHAIN_STRIKE_INTERVAL ??
    (isUnderlying(underlying) ? underlyingSpec(underlying).strikeInterval : 0);
  return new OptionChainTracker(source, {
    underlying,
    index,
    strikeInterval,
    count: config.MD_OPTION_CHAIN_STRIKES,
    ...(log ? { log } : {}),
  });
}

/**
 * Keeps the streamed option chain at ATM ± N strikes: `begin` builds the day's window from the loaded
 * instruments (once per feed connection, so a new day picks the new expiry and a fresh socket gets the
 * whole window), each tick of the underlying index goes through `onTick`, which returns the tokens to
 * subscribe and drop when the ATM strike moves, and `name` gives option ticks their tradingsymbol.
 */
export class OptionChainTracker {
  private chain: OptionChainSubscription | undefined;
  private readonly names = new Map<string, { exchange: string; instrument: string }>();

  constructor(
    private readonly source: ChainInstrumentSource,
    private readonly options: OptionChainTrackerOptions,
  ) {}

  get window() {
    return this.chain?.window;
  }

  /** Builds a fresh window for the day of `now`; on failure the feed runs without the chain. */
  async begin(now: Date): Promise<void> {
    this.chain = undefined;
    const today = istDate(now);
    try {
      const rows = await this.source.chainInstruments(this.options.underlying, today);
      this.chain = new OptionChainSubscription(rows, {
        underlying: this.options.underlying,
        strikeInterval: this.options.strikeInterval,
        count: this.options.count,
        today,
      });
      this.names.clear();
      for (const r of rows) {
        this.names.set(String(r.instrumentToken), { exchange: r.exchange, instrument: r.tradingsymbol });
      }
    } catch (err) {
      this.log('error', `option chain ${this.options.underlying} unavailable: ${(err as Error).message}`);
    }
  }

  /** The subscription change for a tick of the underlying index, else null. */
  onTick(tick: Tick): ChainChange | null {
    const { index } = this.options;
    if (!this.chain || tick.instrument !== index.instrument || tick.exchange !== index.exchange) return null;
    const spot = Number(tick.ltp);
    if (!Number.isFinite(spot) || spot <= 0) return null;
    const change = this.chain.update(spot);
    if (change) {
      this.log(
        'log',
        `option chain ${this.options.underlying} ${change.window.expiry} ATM ${change.window.atm}: +${change.subscribe.length} −${change.unsubscribe.length} token(s)`,
      );
    }
    return change;
  }

  /** A tick the feed could only name by token, named by the chain's tradingsymbol. */
  name(tick: Tick): Tick {
    const known = this.names.get(tick.instrument);
    return known ? ({ ...tick, ...known } as Tick) : tick;
  }

  private log(level: 'log' | 'warn' | 'error', message: string): void {
    this.options.log?.(level, message);
  }
}
