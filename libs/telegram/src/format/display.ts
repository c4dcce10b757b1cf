import { formatInr, type Decimal } from '@dalal/domain';
import { toIst } from '@dalal/market';

/** ₹ in Indian grouping with an explicit sign, as a P&L reads: `+₹1,23,456.50`, `-₹980.00`. */
export function signedInr(amount: Decimal): string {
  const text = formatInr(amount);
  return text.startsWith('-') || text === '₹0.00' ? text : `+${text}`;
}

/** A price or an amount without a sign: `₹24,512.35`. */
export const inr = (amount: Decimal): string => formatInr(amount);

/** Wall-clock IST time of an instant: `10:15:03 IST`. */
export function istTime(at: Date): string {
  return `${toIst(at).time} IST`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** An IST date as traders write it: `2 Dec 2026`. */
export function istDay(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  return `${day} ${MONTHS[(month ?? 1) - 1] ?? '?'} ${year}`;
}

/** Date and time in IST: `2 Dec 2026 10:15 IST`. */
export function istDateTime(at: Date): string {
  const ist = toIst(at);
  return `${istDay(ist.date)} ${ist.time.slice(0, 5)} IST`;
}

/**
 * Indicator values as `ema10 24,498.2 · rsi 61.4`: two decimals at most, Indian grouping, by name (a
 * jsonb column hands keys back in its own order, and the same signal should read the same everywhere).
 */
export function indicatorList(indicators: Readonly<Record<string, number>>): string {
  return Object.entries(indicators)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${name} ${groupNumber(value)}`)
    .join(' · ');
}

function groupNumber(value: number): string {
  return new Intl.NumberFormat('en-IN', { maximumFractionDigits: 2 }).format(value);
}

/** A signed quantity as a side: 65 → `LONG 65`, -130 → `SHORT 130`. */
export function sideOf(netQuantity: number): string {
  return netQuantity >= 0 ? `LONG ${netQuantity}` : `SHORT ${-netQuantity}`;
}

export function bytes(n: number): string {
  const gib = n / 1024 ** 3;
  return gib >= 1 ? `${gib.toFixed(1)} GB` : `${(n / 1024 ** 2).toFixed(0)} MB`;
}
