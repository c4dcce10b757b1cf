import fc from 'fast-check';

import { dec } from './decimal';
import { isOnTickGrid, roundToTick, roundToTickPassive } from './tick';

const TICK = dec('0.05');

describe('roundToTick on a 0.05 option tick', () => {
  it.each([
    ['123.42', '123.40'],
    ['123.43', '123.45'],
    ['123.47', '123.45'],
    ['0.01', '0.00'],
    ['-1.03', '-1.05'],
  ])('a theoretical premium of %s lands on %s', (price, expected) => {
    expect(roundToTick(dec(price), TICK).toFixed(2)).toBe(expected);
  });

  it.each([
    ['100.025', '100.00'],
    ['100.075', '100.10'],
  ])(
    'an exact half (%s) goes to the even tick (%s), so repeated rounding does not drift up',
    (price, expected) => {
      expect(roundToTick(dec(price), TICK).toFixed(2)).toBe(expected);
    },
  );

  it('rounds down or up on request', () => {
    expect(roundToTick(dec('100.01'), TICK, 'UP').toFixed(2)).toBe('100.05');
    expect(roundToTick(dec('100.04'), TICK, 'DOWN').toFixed(2)).toBe('100.00');
  });

  it('a buyer never bids above, a seller never offers below, the intended price', () => {
    expect(roundToTickPassive(dec('100.04'), TICK, 'BUY').toFixed(2)).toBe('100.00');
    expect(roundToTickPassive(dec('100.01'), TICK, 'SELL').toFixed(2)).toBe('100.05');
  });

  it('refuses a zero or negative tick', () => {
    expect(() => roundToTick(dec('1'), dec('0'))).toThrow(
      expect.objectContaining({ code: 'INVALID_TICK_SIZE' }),
    );
    expect(() => isOnTickGrid(dec('1'), dec('-0.05'))).toThrow(
      expect.objectContaining({ code: 'INVALID_TICK_SIZE' }),
    );
  });

  it('works on a crypto tick of 0.01', () => {
    expect(roundToTick(dec('60123.456'), dec('0.01')).toString()).toBe('60123.46');
  });

  it('always lands on the grid, within half a tick of the input', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), (paise) => {
        const price = dec(paise).div(1000);
        const rounded = roundToTick(price, TICK);
        return isOnTickGrid(rounded, TICK) && rounded.minus(price).abs().lte(TICK.div(2));
      }),
    );
  });
});

describe('isOnTickGrid', () => {
  it.each([
    ['100.05', true],
    ['100.00', true],
    ['0.05', true],
    ['100.03', false],
    ['100.051', false],
  ])('%s on a 0.05 grid is %s', (price, expected) => {
    expect(isOnTickGrid(dec(price), TICK)).toBe(expected);
  });
});
