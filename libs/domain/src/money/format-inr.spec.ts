import { dec } from './decimal';
import { formatInr } from './format-inr';

describe('formatInr', () => {
  it.each([
    ['12345678.5', '₹1,23,45,678.50'],
    ['0', '₹0.00'],
    ['5', '₹5.00'],
    ['999', '₹999.00'],
    ['1000', '₹1,000.00'],
    ['100000', '₹1,00,000.00'],
    ['1234567890.123', '₹1,23,45,67,890.12'],
    ['-1234', '-₹1,234.00'],
    ['-0.004', '₹0.00'],
    ['0.005', '₹0.01'],
    ['-26.995', '-₹27.00'],
  ])('shows %s rupees as %s', (amount, expected) => {
    expect(formatInr(dec(amount))).toBe(expected);
  });

  it('can drop the paise for a dashboard headline', () => {
    expect(formatInr(dec('1234567.89'), 0)).toBe('₹12,34,568');
  });
});
