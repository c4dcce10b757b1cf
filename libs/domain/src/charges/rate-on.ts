import { DomainError } from '../errors/domain-error';
import { type TradeDate } from '../time/trade-date';

/** The row of a dated table in force on `date`: the latest one whose `effectiveFrom` is on or before it. */
export function rowOn<T extends { readonly effectiveFrom: string }>(
  rows: readonly T[],
  date: TradeDate,
  what: string,
): T {
  let found: T | undefined;
  for (const row of rows) {
    if (row.effectiveFrom <= date && (found === undefined || row.effectiveFrom >= found.effectiveFrom))
      found = row;
  }
  if (found === undefined) {
    throw new DomainError('NO_REFERENCE_DATA', `no ${what} rate in force on ${date}`, { what, date });
  }
  return found;
}
