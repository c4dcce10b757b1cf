import { type Decimal } from '@dalal/domain';
import { type RiskBookState } from '@dalal/risk';

/**
 * How a strategy's risk book is kept in Postgres: one RiskCounter row per figure of RiskBookState, per
 * strategy (scope) and IST day, written with every change and read back on start-up — so the gateway's
 * risk counters view shows exactly what the risk manager decides on. Alongside, the day's wins and losses
 * (for the end-of-day summary) and which 80% warnings were raised (once per limit per day).
 */
export interface DayTally {
  wins: number;
  losses: number;
  readonly warned: Set<string>;
  /** The daily loss limit already put the strategy in REDUCING today. */
  reduced: boolean;
}

export const emptyTally = (): DayTally => ({ wins: 0, losses: 0, warned: new Set(), reduced: false });

const WARNED = 'warned.';

export function countersOf(state: RiskBookState, tally: DayTally): Record<string, string | number> {
  const values: Record<string, string | number> = {
    capital: state.capital,
    realizedNet: state.realizedNet,
    realizedNetToday: state.realizedNetToday,
    peakPnlToday: state.peakPnlToday,
    tradesToday: state.tradesToday,
    consecutiveLosses: state.consecutiveLosses,
    wins: tally.wins,
    losses: tally.losses,
    reducedForDailyLoss: tally.reduced ? 1 : 0,
  };
  for (const limit of tally.warned) values[`${WARNED}${limit}`] = 1;
  return values;
}

/** The book and tally saved for `tradeDate`; figures missing from the row set start at zero. */
export function restoredFrom(
  tradeDate: string,
  values: Readonly<Record<string, Decimal>>,
  capital: string,
): { state: RiskBookState; tally: DayTally } {
  const text = (name: string, fallback = '0') => values[name]?.toString() ?? fallback;
  const count = (name: string) => values[name]?.toNumber() ?? 0;
  return {
    state: {
      date: tradeDate,
      capital: text('capital', capital),
      realizedNet: text('realizedNet'),
      realizedNetToday: text('realizedNetToday'),
      peakPnlToday: text('peakPnlToday'),
      tradesToday: count('tradesToday'),
      consecutiveLosses: count('consecutiveLosses'),
    },
    tally: {
      wins: count('wins'),
      losses: count('losses'),
      warned: new Set(
        Object.keys(values)
          .filter((name) => name.startsWith(WARNED) && count(name) > 0)
          .map((name) => name.slice(WARNED.length)),
      ),
      reduced: count('reducedForDailyLoss') > 0,
    },
  };
}
