import { findFreezeQuantity, isIndexUnderlying, lotSizeOn, tradeDate } from '@dalal/domain';
import { istDate, parseTradingSymbol } from '@dalal/market';

import { type PlanOptions } from './execution/plan-basket';

/** Lot sizes and freeze limits of NFO/BFO index contracts on today's date, from the dated tables. */
export function indexContractLimits(now: () => Date): PlanOptions {
  const underlyingOf = (instrument: string) => {
    try {
      const { underlying } = parseTradingSymbol(instrument);
      return isIndexUnderlying(underlying) ? underlying : undefined;
    } catch {
      return undefined; // not an index derivative: no lot grid, no freeze limit
    }
  };
  return {
    lotSizeOf: (instrument) => {
      const underlying = underlyingOf(instrument);
      return underlying ? lotSizeOn(underlying, tradeDate(istDate(now()))) : 1;
    },
    freezeOf: (instrument) => {
      const underlying = underlyingOf(instrument);
      return underlying ? findFreezeQuantity(underlying, tradeDate(istDate(now()))) : undefined;
    },
  };
}
