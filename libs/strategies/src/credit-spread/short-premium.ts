import {
  atmStrike,
  daysBetween,
  impliedVolatility,
  strikeByDelta,
  timeToExpiryYears,
  type IsoDate,
  type OptionType,
} from '@dalal/market';

import { type OpenPositionView, type StrategyContext } from '../strategy';

/** Premium comparisons forgive float noise far below a ₹0.05 tick. */
export const PRICE_EPSILON = 1e-9;

/**
 * Shared arithmetic of the credit strategies (credit-spread, iron-condor). Net premiums in a
 * `PositionView` are signed: a credit is negative. `credit` is what was taken in a unit, `pnl` what
 * closing now would keep (positive = profit).
 */
export function creditPnl(open: OpenPositionView): { credit: number; pnl: number } {
  return { credit: -open.entryPremium, pnl: open.currentPremium - open.entryPremium };
}

/** Years to the expiry's 15:30 close from the context's `now`, floored at 0. */
export function yearsToExpiry(context: StrategyContext, expiry: IsoDate): number {
  return timeToExpiryYears(new Date(context.now), expiry);
}

/** Calendar days from today to the expiry (0 on the expiry day). */
export function daysToExpiry(context: StrategyContext, expiry: IsoDate): number {
  return daysBetween(context.date, expiry);
}

/**
 * The at-the-money implied volatility: Black-Scholes inverted on the context's ATM call and put
 * premiums (model or market) and averaged. Undefined when it cannot be had (at or past the expiry's
 * close, or a premium outside the no-arbitrage range).
 */
export function atmImpliedVolatility(
  spot: number,
  context: StrategyContext,
  expiry: IsoDate,
  rate: number,
): number | undefined {
  const timeToExpiry = yearsToExpiry(context, expiry);
  if (!(timeToExpiry > 0)) return undefined;
  const strike = atmStrike(spot, context.strikeInterval);
  let sum = 0;
  for (const type of ['CE', 'PE'] as const) {
    const price = context.premium({ optionType: type, strike, expiry });
    try {
      sum += impliedVolatility({ type, spot, strike, timeToExpiry, rate, price });
    } catch {
      return undefined; // a premium the model cannot reproduce: no volatility, no trade
    }
  }
  const iv = sum / 2;
  return iv > 0 ? iv : undefined;
}

/** The listed strike whose Black-Scholes |delta| is closest to `delta` (0..1), at volatility `iv`. */
export function strikeForDelta(
  type: OptionType,
  delta: number,
  spot: number,
  context: StrategyContext,
  expiry: IsoDate,
  iv: number,
  rate: number,
): number {
  return strikeByDelta({
    type,
    spot,
    targetDelta: type === 'CE' ? delta : -delta,
    interval: context.strikeInterval,
    timeToExpiry: yearsToExpiry(context, expiry),
    rate,
    volatility: iv,
  }).strike;
}
