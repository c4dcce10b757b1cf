import { type Decimal } from '@dalal/domain';

/** One leg as risk sees it: quantities in units, for one "set" of the intent's legs. */
export interface RiskLeg {
  readonly instrument: string;
  readonly side: 'BUY' | 'SELL';
  /** Units per set (the strategy's lot ratio × the lot size); risk multiplies by the sets it allows. */
  readonly quantity: number;
  readonly lotSize: number;
  /** The exchange's freeze quantity for the instrument, when known. */
  readonly freezeQuantity?: number;
  /** Estimated price a unit (premium), for the margin check of bought legs. */
  readonly price?: Decimal;
}

/**
 * How big an entry should be. RISK: risk sizes it from equity × riskPerTrade ÷ `riskPerSet` (₹ lost on one
 * set if the strategy's stop is hit — for a bought option its whole premium × lot). FIXED: the strategy's
 * own quantity (a `lots` parameter), taken as one set.
 */
export type EntrySizing =
  { readonly kind: 'RISK'; readonly riskPerSet: Decimal } | { readonly kind: 'FIXED' };

/** What a strategy asks for, resolved to instruments and units, before risk decides. */
export interface RiskIntent {
  readonly intentId: string;
  readonly strategyId: string;
  readonly action: 'ENTER' | 'EXIT';
  readonly legs: readonly RiskLeg[];
  readonly sizing: EntrySizing;
  /** When the decision is made (epoch ms, the deciding bar's close). */
  readonly at: number;
  /** IST minutes after midnight of `at`. */
  readonly minuteOfDay: number;
}
