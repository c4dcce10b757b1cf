import { Decimal } from './decimal';

/**
 * Round a rupee amount to paise, half away from zero — what contract notes and broker calculators do
 * (`toFixed(2)` on a positive amount). Charges are always positive, so half-up and half-away coincide.
 */
export function roundToPaise(amount: Decimal): Decimal {
  return amount.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}
