import { DomainError } from '../errors/domain-error';
import { type TradeDate } from '../time/trade-date';
import { FREEZE_QUANTITIES, LOT_SIZES, type FreezeQuantityRow, type LotSizeRow } from './contract-specs.data';
import { type IndexUnderlying } from './underlying';

/**
 * The lot size of `underlying` contracts trading on `date`. Pass the contract's `expiry` when you know it:
 * around a revision, old contracts keep the old lot until they expire, so the day alone can be ambiguous
 * (without it we answer for newly listed contracts). Throws NO_REFERENCE_DATA before our first row —
 * better a loud failure than a silently wrong lot in a backtest.
 */
export function lotSizeOn(
  underlying: IndexUnderlying,
  date: TradeDate,
  expiry?: TradeDate,
  table: readonly LotSizeRow[] = LOT_SIZES,
): number {
  const rows = table
    .filter((row) => row.underlying === underlying && row.effectiveFrom <= date)
    .filter((row) => expiry === undefined || row.firstExpiry === undefined || expiry >= row.firstExpiry)
    .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  const row = rows[rows.length - 1];
  if (!row) {
    throw new DomainError('NO_REFERENCE_DATA', `no lot size for ${underlying} on ${date}`, {
      underlying,
      date,
      expiry,
    });
  }
  return row.lotSize;
}

/** The freeze quantity in force, or undefined when our table starts after `date`. */
export function findFreezeQuantity(
  underlying: IndexUnderlying,
  date: TradeDate,
  table: readonly FreezeQuantityRow[] = FREEZE_QUANTITIES,
): number | undefined {
  const rows = table
    .filter((row) => row.underlying === underlying && row.effectiveFrom <= date)
    .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  return rows[rows.length - 1]?.freezeQuantity;
}

/** The exchange freeze quantity (max units per order) for `underlying` on `date`. */
export function freezeQuantityOn(
  underlying: IndexUnderlying,
  date: TradeDate,
  table: readonly FreezeQuantityRow[] = FREEZE_QUANTITIES,
): number {
  const found = findFreezeQuantity(underlying, date, table);
  if (found === undefined) {
    throw new DomainError('NO_REFERENCE_DATA', `no freeze quantity for ${underlying} on ${date}`, {
      underlying,
      date,
    });
  }
  return found;
}
