import fc from 'fast-check';

import { inverseNormalCdf, normalCdf, normalPdf } from './normal-distribution';

describe('standard normal distribution', () => {
  it.each([
    [0, 0.5],
    [1, 0.841344746068543],
    [1.96, 0.97500210485178],
    [-3, 0.00134989803163009],
    [5, 0.999999713348428],
  ])('N(%p) = %p', (x, expected) => {
    expect(normalCdf(x)).toBeCloseTo(expected, 14);
    expect(Math.abs(normalCdf(x) - expected) / expected).toBeLessThan(1e-12);
  });

  it('keeps eight significant digits far in the tail', () => {
    expect(Math.abs(normalCdf(-8) - 6.22096057427178e-16) / 6.22096057427178e-16).toBeLessThan(1e-8);
  });

  it('has the bell at 0.39894', () => {
    expect(normalPdf(0)).toBeCloseTo(0.398942280401433, 15);
  });

  it('is symmetric: N(x) + N(-x) = 1', () => {
    fc.assert(
      fc.property(fc.double({ min: -10, max: 10, noNaN: true }), (x) => {
        expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 14);
      }),
    );
  });

  it('inverts the CDF to near machine precision', () => {
    // Above x = 5, N(x) rounds towards 1 and loses the digits the inverse needs; below, it does not.
    fc.assert(
      fc.property(fc.double({ min: -8, max: 5, noNaN: true }), (x) => {
        expect(inverseNormalCdf(normalCdf(x))).toBeCloseTo(x, 7);
      }),
    );
    expect(inverseNormalCdf(0.975)).toBeCloseTo(1.959963984540054, 12);
  });
});
