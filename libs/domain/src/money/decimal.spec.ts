import { DomainError } from '../errors/domain-error';
import { dec, parseDecimal } from './decimal';

describe('parseDecimal', () => {
  it.each(['0', '123.45', '-0.05', '24350.55', '0.00100000', '.5'])(
    'reads the wire price "%s" exactly',
    (text) => {
      expect(parseDecimal(text).eq(text)).toBe(true);
    },
  );

  it.each(['', ' 1', '1e3', 'NaN', 'Infinity', '1,000', '12.', '--1', '₹5'])(
    'refuses "%s" rather than guess',
    (text) => {
      expect(() => parseDecimal(text)).toThrow(DomainError);
    },
  );

  it('keeps 0.1 + 0.2 exact, unlike floats', () => {
    expect(parseDecimal('0.1').plus(parseDecimal('0.2')).toString()).toBe('0.3');
  });
});

describe('dec', () => {
  it('accepts integer lot counts as numbers', () => {
    expect(dec(75).toString()).toBe('75');
  });

  it('refuses a fractional number because it is already a float', () => {
    expect(() => dec(0.1)).toThrow(expect.objectContaining({ code: 'INVALID_DECIMAL' }));
  });
});
