import { type Decimal } from '@dalal/domain';

import { type TradingState } from './trading-state';

/**
 * Everything the rules look at for one strategy, as of the decision: built from fills by the book
 * (backtest) or from Postgres + the fills stream (risk manager), never from a strategy's own memory.
 */
export interface RiskSnapshot {
  readonly tradingState: TradingState;
  /** Capital + realized net P&L of all closed trades (₹). */
  readonly equity: Decimal;
  /** Entries taken today (IST), whether still open or closed. */
  readonly tradesToday: number;
  /** Realized P&L of today's closed trades, after charges (₹). */
  readonly realizedNetToday: Decimal;
  /** Marked-to-market P&L of what is open now (₹). */
  readonly unrealized: Decimal;
  /** The highest realized + unrealized P&L reached today (₹, at least 0). */
  readonly peakPnlToday: Decimal;
  /** Losing closed trades in a row, most recent last. */
  readonly consecutiveLosses: number;
  /** A filled position is open now. */
  readonly hasOpenPosition: boolean;
  /** Positions open now plus entries on their way. */
  readonly openPositions: number;
  /** An exit order of this strategy is still working. */
  readonly exitPending: boolean;
  /** Absolute units held of an instrument now. */
  readonly openQuantity: (instrument: string) => number;
  /** The broker's available margin, when known (live); undefined skips the margin check. */
  readonly availableMargin?: Decimal;
}
