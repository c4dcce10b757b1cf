import { normalCdf, normalPdf } from './normal-distribution';
import { type OptionType } from './option-type';
import { MarketError } from '../errors/market-error';

/**
 * Inputs to the generalised Black-Scholes-Merton model for a European option. Rates and yields are
 * continuously compounded per year; `dividendYield` is q, so the cost of carry is b = rate - q
 * (q = rate gives Black-76 on a future).
 */
export interface BlackScholesInput {
  readonly type: OptionType;
  readonly spot: number;
  readonly strike: number;
  /** Years to expiry; 0 means at expiry, where the price is intrinsic value. */
  readonly timeToExpiry: number;
  readonly rate: number;
  readonly volatility: number;
  readonly dividendYield?: number;
}

export interface Greeks {
  readonly price: number;
  readonly delta: number;
  readonly gamma: number;
  /** Change in price per year of passing time (negative for a long option, usually). */
  readonly thetaPerYear: number;
  /** `thetaPerYear / 365`: per calendar day. */
  readonly thetaPerDay: number;
  /** Change in price per 1.00 (100 vol points) of volatility; divide by 100 for per vol point. */
  readonly vega: number;
  /** Change in price per 1.00 of interest rate; divide by 100 for per percentage point. */
  readonly rho: number;
}

const DAYS_PER_YEAR = 365;

function validate(input: BlackScholesInput): void {
  const { spot, strike, timeToExpiry, rate, volatility, dividendYield = 0 } = input;
  const problems: string[] = [];
  if (!(spot > 0) || !Number.isFinite(spot)) problems.push(`spot ${spot} must be positive`);
  if (!(strike > 0) || !Number.isFinite(strike)) problems.push(`strike ${strike} must be positive`);
  if (!(timeToExpiry >= 0) || !Number.isFinite(timeToExpiry))
    problems.push(`timeToExpiry ${timeToExpiry} must be >= 0`);
  if (!(volatility >= 0) || !Number.isFinite(volatility))
    problems.push(`volatility ${volatility} must be >= 0`);
  if (!Number.isFinite(rate)) problems.push(`rate ${rate} must be finite`);
  if (!Number.isFinite(dividendYield)) problems.push(`dividendYield ${dividendYield} must be finite`);
  if (problems.length > 0) throw new MarketError('INVALID_OPTION_INPUT', problems.join('; '));
}

/** Price and greeks. At expiry or with zero volatility the option is worth its (discounted) intrinsic value. */
export function blackScholes(input: BlackScholesInput): Greeks {
  validate(input);
  const { type, spot: s, strike: k, timeToExpiry: t, rate: r, volatility: v, dividendYield: q = 0 } = input;
  const sign = type === 'CE' ? 1 : -1;
  const carryDiscount = Math.exp(-q * t);
  const discount = Math.exp(-r * t);
  const forwardValue = s * carryDiscount;
  const strikeValue = k * discount;

  const sd = v * Math.sqrt(t);
  if (sd === 0) {
    // Deterministic payoff: exercised iff the forward finishes in the money (ATM counts as a half).
    const moneyness = sign * (forwardValue - strikeValue);
    const itm = moneyness > 0 ? 1 : moneyness === 0 ? 0.5 : 0;
    const price = Math.max(moneyness, 0);
    const thetaPerYear = t === 0 ? 0 : itm * sign * (q * forwardValue - r * strikeValue);
    return {
      price,
      delta: itm * sign * carryDiscount,
      gamma: 0,
      thetaPerYear,
      thetaPerDay: thetaPerYear / DAYS_PER_YEAR,
      vega: 0,
      rho: itm * sign * t * strikeValue,
    };
  }

  const d1 = (Math.log(s / k) + (r - q + 0.5 * v * v) * t) / sd;
  const d2 = d1 - sd;
  const nd1 = normalCdf(sign * d1);
  const nd2 = normalCdf(sign * d2);
  const price = sign * (forwardValue * nd1 - strikeValue * nd2);
  const pdf = normalPdf(d1);
  const thetaPerYear =
    (-forwardValue * pdf * v) / (2 * Math.sqrt(t)) -
    sign * r * strikeValue * nd2 +
    sign * q * forwardValue * nd1;
  return {
    // Rounding can leave a tiny negative for far-OTM options; a price is never below zero.
    price: Math.max(price, 0),
    delta: sign * carryDiscount * nd1,
    gamma: (carryDiscount * pdf) / (s * sd),
    thetaPerYear,
    thetaPerDay: thetaPerYear / DAYS_PER_YEAR,
    vega: forwardValue * pdf * Math.sqrt(t),
    rho: sign * t * strikeValue * nd2,
  };
}

export function blackScholesPrice(input: BlackScholesInput): number {
  return blackScholes(input).price;
}

/**
 * No-arbitrage price bounds of a European option: [discounted intrinsic, spot or strike discounted]. At
 * expiry both bounds are the intrinsic value.
 */
export function priceBounds(input: Omit<BlackScholesInput, 'volatility'>): { lower: number; upper: number } {
  validate({ ...input, volatility: 0 });
  const { type, spot, strike, timeToExpiry: t, rate, dividendYield = 0 } = input;
  const forwardValue = spot * Math.exp(-dividendYield * t);
  const strikeValue = strike * Math.exp(-rate * t);
  const lower = Math.max(type === 'CE' ? forwardValue - strikeValue : strikeValue - forwardValue, 0);
  if (t === 0) return { lower, upper: lower };
  return { lower, upper: type === 'CE' ? forwardValue : strikeValue };
}
