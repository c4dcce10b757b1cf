import fc from 'fast-check';

import { dec } from '../money/decimal';
import { sliceQuantity } from './slice-quantity';

const str = (xs: readonly { toString(): string }[]) => xs.map((x) => x.toString());

describe('sliceQuantity', () => {
  it('30 NIFTY lots of 65 under a freeze of 1800 go out as 1755 + 195', () => {
    expect(str(sliceQuantity(dec(1950), dec(1800), dec(65)))).toEqual(['1755', '195']);
  });

  it('60 BANKNIFTY lots of 30 under a freeze of 600 go out as three orders of 600', () => {
    expect(str(sliceQuantity(dec(1800), dec(600), dec(30)))).toEqual(['600', '600', '600']);
  });

  it('an order under the freeze is one slice', () => {
    expect(str(sliceQuantity(dec(130), dec(1800), dec(65)))).toEqual(['130']);
  });

  it.each([
    ['zero quantity', 0, 1800, 65],
    ['a quantity that is not a lot multiple', 100, 1800, 65],
    ['a freeze below one lot', 130, 60, 65],
    ['a zero lot', 130, 1800, 0],
  ])('refuses %s', (_name, qty, freeze, lot) => {
    expect(() => sliceQuantity(dec(qty), dec(freeze), dec(lot))).toThrow(
      expect.objectContaining({ code: 'INVALID_QUANTITY' }),
    );
  });

  it('slices always add up, respect the freeze and are whole lots', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 1, max: 5000 }),
        (lot, lots, freezeExtra) => {
          const freeze = dec(lot + freezeExtra - 1);
          const slices = sliceQuantity(dec(lot * lots), freeze, dec(lot));
          const total = slices.reduce((a, b) => a.plus(b), dec(0));
          return total.eq(lot * lots) && slices.every((s) => s.gt(0) && s.lte(freeze) && s.mod(lot).isZero());
        },
      ),
    );
  });
});
