import { DomainError } from '../errors/domain-error';
import { type Decimal } from '../money/decimal';

/**
 * Split `quantity` into exchange-acceptable slices: each a positive multiple of `lot` and at most
 * `freeze`. Full slices first, then the remainder, the way Kite's autoslice does it — e.g. 30 NIFTY
 * lots of 65 (1950 units) under a freeze of 1800 → [1755, 195].
 */
export function sliceQuantity(quantity: Decimal, freeze: Decimal, lot: Decimal): Decimal[] {
  if (lot.lte(0))
    throw new DomainError('INVALID_QUANTITY', `lot size must be positive, got ${lot.toString()}`);
  if (quantity.lte(0) || !quantity.mod(lot).isZero()) {
    throw new DomainError(
      'INVALID_QUANTITY',
      `quantity ${quantity.toString()} is not a positive multiple of the lot ${lot.toString()}`,
    );
  }
  const maxSlice = freeze.div(lot).floor().mul(lot);
  if (maxSlice.lte(0)) {
    throw new DomainError(
      'INVALID_QUANTITY',
      `freeze quantity ${freeze.toString()} is below one lot of ${lot.toString()}`,
    );
  }
  const fullSlices = quantity.div(maxSlice).floor().toNumber();
  const remainder = quantity.minus(maxSlice.mul(fullSlices));
  const slices: Decimal[] = Array.from({ length: fullSlices }, () => maxSlice);
  if (!remainder.isZero()) slices.push(remainder);
  return slices;
}
