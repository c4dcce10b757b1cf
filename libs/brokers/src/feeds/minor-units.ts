/**
 * Exact conversion between integer minor units (paise, or 1e-7 rupee for CDS) and decimal strings.
 * Pure integer and string work: a float division such as 157315 / 100 can print 1573.1499999…, so it
 * never touches a price.
 */

const ZEROS = '0000000000000000';

/** `value / 10^decimals` as a decimal string with exactly `decimals` fraction digits: (157315, 2) → "1573.15". */
export function minorToDecimal(value: number, decimals: number): string {
  if (decimals === 2) {
    // Fast path for paise, the hot case: integer maths only, exact for every safe integer.
    const negative = value < 0;
    const abs = negative ? -value : value;
    const rupees = Math.floor(abs / 100);
    const paise = abs - rupees * 100;
    return `${negative ? '-' : ''}${rupees}.${paise < 10 ? '0' : ''}${paise}`;
  }
  if (decimals === 0) return String(value);
  const negative = value < 0;
  const digits = String(negative ? -value : value);
  const padded = digits.length <= decimals ? ZEROS.slice(0, decimals - digits.length + 1) + digits : digits;
  const cut = padded.length - decimals;
  return `${negative ? '-' : ''}${padded.slice(0, cut)}.${padded.slice(cut)}`;
}

/** `bigint / 10^decimals` as a decimal string, for the int64 fields of SmartAPI packets. */
export function bigMinorToDecimal(value: bigint, decimals: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString();
  if (decimals === 0) return `${negative ? '-' : ''}${digits}`;
  const padded = digits.length <= decimals ? ZEROS.slice(0, decimals - digits.length + 1) + digits : digits;
  const cut = padded.length - decimals;
  return `${negative ? '-' : ''}${padded.slice(0, cut)}.${padded.slice(cut)}`;
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * A decimal string in integer minor units: ("1573.15", 2) → 157315. Throws on malformed input or on
 * more fraction digits than the unit holds (a price off the paise grid is a bug, not something to round).
 */
export function decimalToMinor(value: string, decimals: number): number {
  const match = DECIMAL.exec(value);
  if (!match) throw new RangeError(`not a decimal string: "${value}"`);
  const [, sign, whole, fraction = ''] = match;
  const trimmed = fraction.replace(/0+$/, '');
  if (trimmed.length > decimals) {
    throw new RangeError(`"${value}" has more than ${decimals} decimal places`);
  }
  const minor = Number(whole! + (trimmed + ZEROS).slice(0, decimals));
  if (!Number.isSafeInteger(minor)) throw new RangeError(`"${value}" is out of range`);
  return sign === '-' ? -minor : minor;
}
