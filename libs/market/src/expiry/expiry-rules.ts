import { type Underlying } from './underlying';
import { MarketError } from '../errors/market-error';
import { Weekdays, type IsoDate, type Weekday } from '../time/local-date';

/**
 * Which weekday contracts expire on, for expiry dates from `from` until the next rule. A rule applies by
 * the contract's scheduled expiry date, so contracts listed before a change but expiring after it move.
 */
export interface ExpiryRule {
  readonly from: IsoDate;
  /** Weekly expiry weekday, or null when the index has no weekly contracts. */
  readonly weekly: Weekday | null;
  /** Monthly contracts expire on the last such weekday of the month. */
  readonly monthly: Weekday;
  readonly source: string;
}

const NSE_THURSDAY_2025 =
  'NSE circular Nov 2024: all index monthlies on the last Thursday from 1 Jan 2025; one weekly benchmark per exchange since 20 Nov 2024 (brokers.md §6.3)';
const NSE_TUESDAY =
  'SEBI approval Jun 2025; NSE index derivatives expire on Tuesday from 1 Sep 2025 (brokers.md §6.3)';
const BSE_TUESDAY_2025 =
  'BSE notice Dec 2024: SENSEX expiry moved from Friday to Tuesday from 1 Jan 2025 [V]';
const BSE_THURSDAY =
  'SEBI approval Jun 2025; BSE index derivatives expire on Thursday from 1 Sep 2025 (brokers.md §6.3)';

const NSE_INDEX_OPTIONS_MONTHLY =
  'NSE index options since Jun 2001 (NIFTY) and Jun 2005 (BANKNIFTY): monthly contracts expire on the last Thursday [V]';
const NSE_BANKNIFTY_WEEKLY_2016 =
  'NSE circular May 2016: BANKNIFTY weekly options from 27 May 2016, expiring on Thursday [V]';
const NSE_NIFTY_WEEKLY_2019 =
  'NSE circular Jan 2019: NIFTY weekly options from 11 Feb 2019, expiring on Thursday [V]';

/**
 * Rules in date order per underlying. Historical NSE rows (before 2025) exist so backtests over old data
 * (e.g. the 2012 files in shared/data) find their expiries; mid-period changes not modelled here
 * (BANKNIFTY's Wednesday expiries of 2023–24) are listed in docs/market-rules.md.
 */
export const EXPIRY_RULES: Readonly<Record<Underlying, readonly ExpiryRule[]>> = {
  NIFTY: [
    { from: '2001-06-04', weekly: null, monthly: Weekdays.THU, source: NSE_INDEX_OPTIONS_MONTHLY },
    { from: '2019-02-11', weekly: Weekdays.THU, monthly: Weekdays.THU, source: NSE_NIFTY_WEEKLY_2019 },
    { from: '2025-01-01', weekly: Weekdays.THU, monthly: Weekdays.THU, source: NSE_THURSDAY_2025 },
    { from: '2025-09-01', weekly: Weekdays.TUE, monthly: Weekdays.TUE, source: NSE_TUESDAY },
  ],
  BANKNIFTY: [
    { from: '2005-06-13', weekly: null, monthly: Weekdays.THU, source: NSE_INDEX_OPTIONS_MONTHLY },
    { from: '2016-05-27', weekly: Weekdays.THU, monthly: Weekdays.THU, source: NSE_BANKNIFTY_WEEKLY_2016 },
    { from: '2025-01-01', weekly: null, monthly: Weekdays.THU, source: NSE_THURSDAY_2025 },
    { from: '2025-09-01', weekly: null, monthly: Weekdays.TUE, source: NSE_TUESDAY },
  ],
  SENSEX: [
    { from: '2025-01-01', weekly: Weekdays.TUE, monthly: Weekdays.TUE, source: BSE_TUESDAY_2025 },
    { from: '2025-09-01', weekly: Weekdays.THU, monthly: Weekdays.THU, source: BSE_THURSDAY },
  ],
};

/** The rule in force for a contract scheduled to expire on `date`. */
export function expiryRuleOn(underlying: Underlying, date: IsoDate): ExpiryRule {
  const rules = EXPIRY_RULES[underlying];
  let found: ExpiryRule | undefined;
  for (const rule of rules) {
    if (rule.from <= date) found = rule;
  }
  if (!found) {
    throw new MarketError(
      'NO_EXPIRY_RULE',
      `no ${underlying} expiry rule covers ${date} (data starts ${rules[0]?.from})`,
    );
  }
  return found;
}
