import {
  BROKERAGE,
  EXCHANGE_TXN,
  GST,
  IPFT,
  SEBI_FEE,
  STAMP_DUTY_BUY,
  STT_SELL,
  type IndianBroker,
} from '@dalal/domain';

/**
 * The first day every charge component of an index-option fill has a rate in @dalal/domain. Fills
 * before it (old data) are charged at that day's rates via `ratesOn`, and the report says so.
 */
export function earliestOptionRatesDate(broker: IndianBroker, venue: 'NSE' | 'BSE'): string {
  const tables: ReadonlyArray<ReadonlyArray<{ readonly effectiveFrom: string }>> = [
    BROKERAGE[broker].OPTION,
    STT_SELL.OPTION,
    EXCHANGE_TXN[venue].OPTION,
    IPFT[venue].OPTION,
    SEBI_FEE,
    STAMP_DUTY_BUY.OPTION,
    GST,
  ];
  let latest = '';
  for (const rows of tables) {
    const first = rows.reduce(
      (min, row) => (row.effectiveFrom < min ? row.effectiveFrom : min),
      '9999-12-31',
    );
    if (first > latest) latest = first;
  }
  return latest;
}

/**
 * The day whose rates charge an index-option fill made on `date`: undefined when `date` has rates of its
 * own, else `earliestOptionRatesDate` — the backtester's rule, shared so that a replay of old data is
 * charged what its backtest is charged.
 */
export function optionRatesDateFor(
  broker: IndianBroker,
  venue: 'NSE' | 'BSE',
  date: string,
): string | undefined {
  const earliest = earliestOptionRatesDate(broker, venue);
  return date < earliest ? earliest : undefined;
}
