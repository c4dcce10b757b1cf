import { type Exchange } from '../calendar/exchange';
import { MarketError } from '../errors/market-error';

/** Index underlyings whose options Dalal trades. */
export const UNDERLYINGS = ['NIFTY', 'BANKNIFTY', 'SENSEX'] as const;
export type Underlying = (typeof UNDERLYINGS)[number];

export interface UnderlyingSpec {
  readonly underlying: Underlying;
  /** Exchange whose calendar governs sessions and expiry shifts. */
  readonly exchange: Exchange;
  /** Kite exchange segment of the derivatives. */
  readonly derivativesExchange: 'NFO' | 'BFO';
  /** Gap between listed strikes near the money. */
  readonly strikeInterval: number;
}

const SPECS: Record<Underlying, UnderlyingSpec> = {
  NIFTY: { underlying: 'NIFTY', exchange: 'NSE', derivativesExchange: 'NFO', strikeInterval: 50 },
  BANKNIFTY: { underlying: 'BANKNIFTY', exchange: 'NSE', derivativesExchange: 'NFO', strikeInterval: 100 },
  SENSEX: { underlying: 'SENSEX', exchange: 'BSE', derivativesExchange: 'BFO', strikeInterval: 100 },
};

export function isUnderlying(value: string): value is Underlying {
  return (UNDERLYINGS as readonly string[]).includes(value);
}

export function parseUnderlying(value: string): Underlying {
  const upper = value.toUpperCase();
  if (!isUnderlying(upper)) {
    throw new MarketError(
      'UNKNOWN_UNDERLYING',
      `unknown underlying "${value}" (known: ${UNDERLYINGS.join(', ')})`,
    );
  }
  return upper;
}

export function underlyingSpec(underlying: Underlying): UnderlyingSpec {
  return SPECS[underlying];
}
