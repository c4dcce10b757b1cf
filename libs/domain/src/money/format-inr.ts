import { Decimal } from './decimal';

/** Group an integer digit string the Indian way: the last three digits, then pairs (1,23,45,678). */
function groupIndian(digits: string): string {
  if (digits.length <= 3) return digits;
  const head = digits.slice(0, -3);
  const tail = digits.slice(-3);
  const pairs = head.replace(/\B(?=(\d{2})+$)/g, ',');
  return `${pairs},${tail}`;
}

/**
 * Format rupees for people: `₹1,23,45,678.50`, negatives as `-₹1,234.00`. Rounds half away from zero to
 * `decimals` places (paise by default), so -0.004 shows as `₹0.00`, never `-₹0.00`.
 */
export function formatInr(amount: Decimal, decimals = 2): string {
  const rounded = amount.toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP);
  const negative = rounded.isNegative() && !rounded.isZero();
  const [intPart = '0', fracPart] = rounded.abs().toFixed(decimals).split('.');
  const body = groupIndian(intPart) + (fracPart === undefined ? '' : `.${fracPart}`);
  return `${negative ? '-' : ''}₹${body}`;
}
