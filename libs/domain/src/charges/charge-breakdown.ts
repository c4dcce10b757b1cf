import { type Decimal, ZERO } from '../money/decimal';

/**
 * The cost of one executed order, component by component, each already rounded the way it is billed
 * (see docs/charges.md), so `total` is their exact sum and matches a contract note line by line.
 * Amounts are in `currency`: INR for NSE/BSE, the quote asset for Binance (where the whole fee is
 * reported as `brokerage` and the Indian levies are zero).
 */
export interface ChargeBreakdown {
  readonly currency: string;
  /** Price × quantity (premium for options): the base most charges are a percentage of. */
  readonly turnover: Decimal;
  readonly brokerage: Decimal;
  readonly stt: Decimal;
  readonly exchangeTxn: Decimal;
  readonly ipft: Decimal;
  readonly sebiFee: Decimal;
  readonly stampDuty: Decimal;
  readonly gst: Decimal;
  readonly total: Decimal;
}

type Components = Omit<ChargeBreakdown, 'total' | 'currency' | 'turnover'>;

export function breakdown(currency: string, turnover: Decimal, parts: Components): ChargeBreakdown {
  const total = [
    parts.brokerage,
    parts.stt,
    parts.exchangeTxn,
    parts.ipft,
    parts.sebiFee,
    parts.stampDuty,
    parts.gst,
  ].reduce((sum, part) => sum.plus(part), ZERO);
  return { currency, turnover, ...parts, total };
}

/** Component-wise sum of breakdowns in one currency (e.g. the two legs of a round trip). */
export function sumBreakdowns(currency: string, items: readonly ChargeBreakdown[]): ChargeBreakdown {
  const add = (key: keyof Components | 'turnover') => items.reduce((sum, item) => sum.plus(item[key]), ZERO);
  return breakdown(currency, add('turnover'), {
    brokerage: add('brokerage'),
    stt: add('stt'),
    exchangeTxn: add('exchangeTxn'),
    ipft: add('ipft'),
    sebiFee: add('sebiFee'),
    stampDuty: add('stampDuty'),
    gst: add('gst'),
  });
}
