import { Decimal } from '@dalal/domain';

/**
 * Brokers send prices as JSON numbers (floats). We take the shortest decimal text of the number and cut
 * float noise below 8 places (Kite's `99725.05000000002` becomes 99725.05), so no binary fraction reaches
 * our money arithmetic.
 */
export function decimalFromWire(value: number | string | null | undefined): Decimal {
  if (value === null || value === undefined || value === '') return new Decimal(0);
  return new Decimal(String(value)).toDecimalPlaces(8);
}

/** Decimal to the JSON number a broker API expects (a price on the tick grid fits a float exactly enough). */
export function decimalToWire(value: Decimal): number {
  return value.toNumber();
}
