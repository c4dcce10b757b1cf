import { blackScholes } from './black-scholes';
import { inverseNormalCdf } from './normal-distribution';
import { type OptionType } from './option-type';
import { MarketError } from '../errors/market-error';

function requireInterval(interval: number): void {
  if (!(interval > 0) || !Number.isFinite(interval)) {
    throw new MarketError('INVALID_STRIKE', `strike interval must be positive, got ${interval}`);
  }
}

/** Snaps a price to the strike grid; ties go up, as brokers' ATM pickers do. */
export function roundToStrike(price: number, interval: number): number {
  requireInterval(interval);
  if (!(price > 0) || !Number.isFinite(price))
    throw new MarketError('INVALID_STRIKE', `price must be positive, got ${price}`);
  // Round the quotient first so 24975 / 50 style ties are not lost to float noise.
  const steps = Math.floor(Number((price / interval).toFixed(9)) + 0.5);
  return Math.max(steps, 1) * interval;
}

/** The at-the-money strike: the spot rounded to the nearest listed strike. */
export function atmStrike(spot: number, interval: number): number {
  return roundToStrike(spot, interval);
}

/** The ATM strike and `count` strikes either side, ascending. Strikes below one interval are dropped. */
export function strikesAround(spot: number, interval: number, count: number): number[] {
  if (!Number.isInteger(count) || count < 0)
    throw new MarketError('INVALID_STRIKE', `count must be a whole number >= 0`);
  const atm = atmStrike(spot, interval);
  const strikes: number[] = [];
  for (let i = -count; i <= count; i++) {
    const strike = atm + i * interval;
    if (strike > 0) strikes.push(strike);
  }
  return strikes;
}

export type Moneyness = 'ATM' | 'ITM' | 'OTM';

/**
 * The strike `steps` intervals into or out of the money from ATM. ITM calls (and OTM puts) are below
 * the spot; OTM calls (and ITM puts) above it. `ATM` ignores `steps`.
 */
export function strikeAtOffset(
  spot: number,
  interval: number,
  type: OptionType,
  moneyness: Moneyness,
  steps = 0,
): number {
  if (!Number.isInteger(steps) || steps < 0)
    throw new MarketError('INVALID_STRIKE', `steps must be a whole number >= 0`);
  const atm = atmStrike(spot, interval);
  if (moneyness === 'ATM') return atm;
  const upward = (type === 'CE') === (moneyness === 'OTM');
  const strike = atm + (upward ? steps : -steps) * interval;
  if (strike <= 0)
    throw new MarketError('INVALID_STRIKE', `${moneyness} ${steps} ${type} is below zero for spot ${spot}`);
  return strike;
}

export interface StrikeByDeltaInput {
  readonly type: OptionType;
  readonly spot: number;
  /** Wanted delta: positive for calls (0..1), negative for puts (-1..0), e.g. 0.25 or -0.25. */
  readonly targetDelta: number;
  readonly interval: number;
  readonly timeToExpiry: number;
  readonly rate: number;
  readonly volatility: number;
  readonly dividendYield?: number;
}

export interface StrikeByDelta {
  readonly strike: number;
  readonly delta: number;
}

/**
 * The listed strike whose Black-Scholes delta is closest to the target (one flat volatility for all
 * strikes). Inverts the delta formula for the exact strike, then compares the grid strikes around it.
 */
export function strikeByDelta(input: StrikeByDeltaInput): StrikeByDelta {
  const {
    type,
    spot,
    targetDelta,
    interval,
    timeToExpiry: t,
    rate,
    volatility,
    dividendYield: q = 0,
  } = input;
  requireInterval(interval);
  const carry = Math.exp(-q * t);
  const sign = type === 'CE' ? 1 : -1;
  const probability = (sign * targetDelta) / carry;
  if (!(probability > 0 && probability < 1) || !(t > 0) || !(volatility > 0)) {
    throw new MarketError(
      'DELTA_UNREACHABLE',
      `${type} delta ${targetDelta} is not reachable (needs 0 < |delta| < ${carry.toFixed(4)}, T > 0, volatility > 0)`,
    );
  }
  // delta = sign * carry * N(sign * d1)  =>  d1 = sign * N^-1(probability)
  const d1 = sign * inverseNormalCdf(probability);
  const sd = volatility * Math.sqrt(t);
  const exact = spot * Math.exp((rate - q + 0.5 * volatility * volatility) * t - d1 * sd);
  const below = Math.max(Math.floor(exact / interval), 1) * interval;
  let best: StrikeByDelta | null = null;
  for (const strike of [below - interval, below, below + interval, below + 2 * interval]) {
    if (strike <= 0) continue;
    const { delta } = blackScholes({
      type,
      spot,
      strike,
      timeToExpiry: t,
      rate,
      volatility,
      dividendYield: q,
    });
    if (!best || Math.abs(delta - targetDelta) < Math.abs(best.delta - targetDelta)) best = { strike, delta };
  }
  if (!best) throw new MarketError('DELTA_UNREACHABLE', `no positive strike near ${exact}`);
  return best;
}
