import { dec } from './decimal';
import { roundToPaise } from './paise';

describe('roundToPaise', () => {
  it.each([
    ['2.62725', '2.63'],
    ['0.225', '0.23'],
    ['0.0375', '0.04'],
    ['0.0075', '0.01'],
    ['0.0049', '0.00'],
  ])('a charge of ₹%s is billed as ₹%s (half-up)', (amount, expected) => {
    expect(roundToPaise(dec(amount)).toFixed(2)).toBe(expected);
  });
});
