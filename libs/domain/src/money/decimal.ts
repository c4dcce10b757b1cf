import Decimal from 'decimal.js';

import { DomainError } from '../errors/domain-error';

/**
 * The one Decimal class the domain uses. Re-exported so every lib builds values with the same
 * constructor. We never rely on the global precision for rounding: every place that rounds names its
 * rounding mode explicitly (see `roundToPaise`, `roundToTick`).
 */
export { Decimal };

// Headroom: the default 20 significant digits can round a sum of a crore-sized cost and an
// 8-decimal crypto quantity product. 40 digits keeps money arithmetic exact in practice. Raising
// precision never changes a result that was exact before, so this is safe for other users of the class.
if (Decimal.precision < 40) Decimal.set({ precision: 40 });

/** Wire and feed format: an optional minus sign, digits, an optional fraction. No exponents, no spaces. */
const PLAIN_DECIMAL = /^-?(\d+(\.\d+)?|\.\d+)$/;

/** Parse a price, amount or quantity from its wire string. Rejects floats' cousins: "1e3", "NaN", "". */
export function parseDecimal(text: string): Decimal {
  if (!PLAIN_DECIMAL.test(text)) {
    throw new DomainError('INVALID_DECIMAL', `not a plain decimal number: "${text}"`, { text });
  }
  return new Decimal(text);
}

/**
 * Convenience for code and tests: a string is parsed strictly, a Decimal passes through, and a number is
 * accepted only when it is a safe integer (lot counts, quantities) — fractional numbers are floats and are
 * exactly what this type exists to keep out.
 */
export function dec(value: string | number | Decimal): Decimal {
  if (value instanceof Decimal) return value;
  if (typeof value === 'string') return parseDecimal(value);
  if (!Number.isSafeInteger(value)) {
    throw new DomainError('INVALID_DECIMAL', `only safe integers may be given as numbers, got ${value}`, {
      value,
    });
  }
  return new Decimal(value);
}

export const ZERO = new Decimal(0);
