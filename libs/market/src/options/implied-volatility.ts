import { blackScholes, priceBounds, type BlackScholesInput } from './black-scholes';
import { MarketError } from '../errors/market-error';

export interface ImpliedVolatilityInput extends Omit<BlackScholesInput, 'volatility'> {
  readonly price: number;
}

export interface ImpliedVolatilityOptions {
  /** Stop when the model price is this close to the target (absolute, in price units). */
  readonly priceTolerance?: number;
  /** Highest volatility searched (10 = 1000%). */
  readonly maxVolatility?: number;
  readonly maxIterations?: number;
}

const DEFAULTS = { priceTolerance: 1e-10, maxVolatility: 10, maxIterations: 200 } as const;

/**
 * The volatility at which Black-Scholes reproduces `price`. Newton steps from a Brenner-Subrahmanyam /
 * Manaster-Koehler start, kept inside a shrinking bracket and replaced by bisection whenever a step
 * would leave it or vega vanishes (deep ITM/OTM), so it always converges on a monotone price.
 *
 * A price at the lower no-arbitrage bound (including any valid price at expiry) has implied volatility
 * 0; a price outside the bounds throws PRICE_OUTSIDE_BOUNDS.
 */
export function impliedVolatility(
  input: ImpliedVolatilityInput,
  options: ImpliedVolatilityOptions = {},
): number {
  const { maxVolatility, maxIterations, ...rest } = { ...DEFAULTS, ...options };
  const { price } = input;
  const { lower, upper } = priceBounds(input);
  // Doubles cannot resolve a price much finer than this, however small the requested tolerance.
  const priceTolerance = Math.max(rest.priceTolerance, 1e-13 * upper);
  const slack = priceTolerance + 1e-12 * upper;
  if (
    !Number.isFinite(price) ||
    price < lower - slack ||
    price > upper + slack ||
    (price >= upper && upper > lower)
  ) {
    throw new MarketError(
      'PRICE_OUTSIDE_BOUNDS',
      `${input.type} price ${price} is outside the no-arbitrage range (${lower}, ${upper}) for spot ${input.spot}, strike ${input.strike}, T ${input.timeToExpiry}`,
    );
  }
  if (price <= lower + slack || input.timeToExpiry === 0) return 0;

  const priceAt = (volatility: number) => blackScholes({ ...input, volatility });
  let lo = 0;
  let hi = maxVolatility;
  if (priceAt(hi).price < price) {
    throw new MarketError(
      'IV_NOT_CONVERGED',
      `${input.type} price ${price} needs a volatility above ${maxVolatility} (spot ${input.spot}, strike ${input.strike})`,
    );
  }

  const forward = input.spot * Math.exp((input.rate - (input.dividendYield ?? 0)) * input.timeToExpiry);
  const t = input.timeToExpiry;
  // Manaster-Koehler start: the volatility of the inflection point, good away from the money; floor it
  // with the Brenner-Subrahmanyam at-the-money estimate.
  const guess = Math.max(
    Math.sqrt((2 * Math.abs(Math.log(forward / input.strike))) / t),
    (Math.sqrt((2 * Math.PI) / t) * price) / input.spot,
  );
  let volatility = Math.min(Math.max(guess, 1e-4), hi / 2);

  for (let i = 0; i < maxIterations; i++) {
    const { price: model, vega } = priceAt(volatility);
    const diff = model - price;
    if (Math.abs(diff) <= priceTolerance) return volatility;
    if (diff > 0) hi = volatility;
    else lo = volatility;
    if (hi - lo <= 1e-15 * Math.max(1, hi)) return volatility;
    const newton = vega > 0 ? volatility - diff / vega : NaN;
    const next = newton > lo && newton < hi ? newton : 0.5 * (lo + hi);
    if (Math.abs(next - volatility) <= 1e-15 * volatility) return next;
    volatility = next;
  }
  throw new MarketError(
    'IV_NOT_CONVERGED',
    `implied volatility did not converge in ${maxIterations} iterations`,
  );
}
