import { DomainError } from '../errors/domain-error';
import { Decimal } from '../money/decimal';
import { type TradeDate } from '../time/trade-date';
import { findFreezeQuantity, lotSizeOn } from './contract-specs';
import { type IndexUnderlying } from './underlying';

export type Exchange = 'NSE' | 'NFO' | 'BSE' | 'BFO' | 'BINANCE';

/** Kite's segment names for the Indian venues, plus Binance spot. */
export type Segment =
  'NSE' | 'BSE' | 'INDICES' | 'NFO-OPT' | 'NFO-FUT' | 'BFO-OPT' | 'BFO-FUT' | 'BINANCE-SPOT';

export type OptionType = 'CE' | 'PE';

interface InstrumentBase {
  /** The exchange's trading symbol, e.g. `NIFTY25SEP25000CE` or `BTCUSDT`. */
  readonly symbol: string;
  readonly exchange: Exchange;
  readonly segment: Segment;
  /** Quantity must be a positive multiple of this (1 for cash equity, the step size for crypto). */
  readonly lotSize: Decimal;
  readonly tickSize: Decimal;
  /** Max units per order, or null when the venue has none we model. */
  readonly freezeQuantity: Decimal | null;
  /** Currency prices and charges are in: INR for NSE/BSE, the quote asset for Binance. */
  readonly currency: string;
}

export interface OptionInstrument extends InstrumentBase {
  readonly kind: 'OPTION';
  readonly exchange: 'NFO' | 'BFO';
  readonly underlying: IndexUnderlying;
  readonly expiry: TradeDate;
  readonly strike: Decimal;
  readonly optionType: OptionType;
}

export interface FutureInstrument extends InstrumentBase {
  readonly kind: 'FUTURE';
  readonly exchange: 'NFO' | 'BFO';
  readonly underlying: IndexUnderlying;
  readonly expiry: TradeDate;
}

export interface EquityInstrument extends InstrumentBase {
  readonly kind: 'EQUITY';
  readonly exchange: 'NSE' | 'BSE';
}

export interface CryptoSpotInstrument extends InstrumentBase {
  readonly kind: 'CRYPTO_SPOT';
  readonly exchange: 'BINANCE';
  readonly baseAsset: string;
}

export type Instrument = OptionInstrument | FutureInstrument | EquityInstrument | CryptoSpotInstrument;

/** Both NSE and BSE index options and futures trade in 5-paise ticks. */
const INDEX_DERIVATIVE_TICK = new Decimal('0.05');

export interface IndexOptionSpec {
  readonly underlying: IndexUnderlying;
  readonly exchange: 'NFO' | 'BFO';
  readonly expiry: TradeDate;
  readonly strike: Decimal;
  readonly optionType: OptionType;
  /** The day the instrument is used on; picks lot size and freeze quantity from the dated tables. */
  readonly tradeDate: TradeDate;
  /** From the broker's instruments dump when available; otherwise a descriptive symbol is built. */
  readonly symbol?: string;
  /** Overrides for values read from the instruments dump (preferred in live trading). */
  readonly lotSize?: Decimal;
  readonly tickSize?: Decimal;
  readonly freezeQuantity?: Decimal | null;
}

/**
 * No freeze data for that day (e.g. far-back backtests) means "no limit we know of" rather than refusing
 * to build the instrument; validateOrder then cannot flag slicing, which is the truth.
 */
function defaultFreeze(underlying: IndexUnderlying, date: TradeDate): Decimal | null {
  const found = findFreezeQuantity(underlying, date);
  return found === undefined ? null : new Decimal(found);
}

export function indexOption(spec: IndexOptionSpec): OptionInstrument {
  if (spec.strike.lte(0)) {
    throw new DomainError('INVALID_INSTRUMENT', `strike must be positive, got ${spec.strike.toString()}`);
  }
  return {
    kind: 'OPTION',
    symbol: spec.symbol ?? `${spec.underlying} ${spec.expiry} ${spec.strike.toString()} ${spec.optionType}`,
    exchange: spec.exchange,
    segment: spec.exchange === 'NFO' ? 'NFO-OPT' : 'BFO-OPT',
    underlying: spec.underlying,
    expiry: spec.expiry,
    strike: spec.strike,
    optionType: spec.optionType,
    lotSize: spec.lotSize ?? new Decimal(lotSizeOn(spec.underlying, spec.tradeDate, spec.expiry)),
    tickSize: spec.tickSize ?? INDEX_DERIVATIVE_TICK,
    freezeQuantity:
      spec.freezeQuantity === undefined
        ? defaultFreeze(spec.underlying, spec.tradeDate)
        : spec.freezeQuantity,
    currency: 'INR',
  };
}

export type IndexFutureSpec = Omit<IndexOptionSpec, 'strike' | 'optionType'>;

export function indexFuture(spec: IndexFutureSpec): FutureInstrument {
  return {
    kind: 'FUTURE',
    symbol: spec.symbol ?? `${spec.underlying} ${spec.expiry} FUT`,
    exchange: spec.exchange,
    segment: spec.exchange === 'NFO' ? 'NFO-FUT' : 'BFO-FUT',
    underlying: spec.underlying,
    expiry: spec.expiry,
    lotSize: spec.lotSize ?? new Decimal(lotSizeOn(spec.underlying, spec.tradeDate, spec.expiry)),
    tickSize: spec.tickSize ?? INDEX_DERIVATIVE_TICK,
    freezeQuantity:
      spec.freezeQuantity === undefined
        ? defaultFreeze(spec.underlying, spec.tradeDate)
        : spec.freezeQuantity,
    currency: 'INR',
  };
}

export interface CryptoSpotSpec {
  readonly symbol: string;
  readonly baseAsset: string;
  readonly quoteAsset: string;
  /** Binance PRICE_FILTER.tickSize. */
  readonly tickSize: Decimal;
  /** Binance LOT_SIZE.stepSize. */
  readonly stepSize: Decimal;
}

export function cryptoSpot(spec: CryptoSpotSpec): CryptoSpotInstrument {
  if (spec.tickSize.lte(0) || spec.stepSize.lte(0)) {
    throw new DomainError('INVALID_INSTRUMENT', `tick and step size must be positive for ${spec.symbol}`);
  }
  return {
    kind: 'CRYPTO_SPOT',
    symbol: spec.symbol,
    exchange: 'BINANCE',
    segment: 'BINANCE-SPOT',
    baseAsset: spec.baseAsset,
    lotSize: spec.stepSize,
    tickSize: spec.tickSize,
    freezeQuantity: null,
    currency: spec.quoteAsset,
  };
}

/** Instruments are equal when they are the same contract on the same venue. */
export function instrumentKey(instrument: Instrument): string {
  return `${instrument.exchange}:${instrument.symbol}`;
}
