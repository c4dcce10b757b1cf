import { type Underlying } from '@dalal/market';

import {
  bundledExpiryCalendars,
  optionContractOf,
  type ExpiryCalendars,
  type OptionContract,
} from './option-contract';
import { type PremiumSource } from './premiums';

export interface OptionQuotesOptions {
  /** The backtester's premium model: the same instance type and settings make the same prices. */
  readonly premiums: PremiumSource;
  readonly calendarOf?: ExpiryCalendars;
}

/** A model premium and the index tick it was priced from. */
export interface OptionQuote {
  readonly contract: OptionContract;
  /** The premium, unrounded, as the backtester's SimulatedExchange receives it. */
  readonly price: number;
  /** Epoch ms of the index tick the premium is priced at. */
  readonly time: number;
}

/**
 * Option premiums from the last tick of their index, for a paper broker trading options on an index-only
 * feed. The premium is `premiums.optionBar(key, bar).open` for the one-price bar at the tick: exactly what
 * the backtester fills at when the tick is its next bar's open at that bar's start, which is where the
 * replay feed puts the open.
 */
export class OptionQuotes {
  private readonly last = new Map<Underlying, { price: number; time: number }>();
  private readonly contracts = new Map<string, OptionContract>();
  private readonly calendarOf: ExpiryCalendars;

  constructor(private readonly options: OptionQuotesOptions) {
    this.calendarOf = options.calendarOf ?? bundledExpiryCalendars;
  }

  /** A new index price at `time` (epoch ms). */
  onIndexTick(underlying: Underlying, price: number, time: number): void {
    this.last.set(underlying, { price, time });
  }

  /** The symbol's contract; SimulatorError NOT_AN_OPTION or UNDATED_EXPIRY as `optionContractOf`. */
  contract(symbol: string): OptionContract {
    let contract = this.contracts.get(symbol);
    if (!contract) {
      contract = optionContractOf(symbol, this.calendarOf);
      this.contracts.set(symbol, contract);
    }
    return contract;
  }

  /** The option's premium at its index's last tick; undefined before the index has ticked. */
  quote(symbol: string): OptionQuote | undefined {
    const contract = this.contract(symbol);
    const tick = this.last.get(contract.underlying);
    if (!tick) return undefined;
    const { price, time } = tick;
    const bar = { time, open: price, high: price, low: price, close: price, volume: 0 };
    return { contract, price: this.options.premiums.optionBar(contract.key, bar).open, time };
  }
}
