import { Decimal } from '@dalal/domain';
import { istDate } from '@dalal/market';

import { decideIntent } from './decide-intent';
import { DuplicateGuard } from './duplicate-guard';
import { RiskBook } from './risk-book';
import { type RiskDecision } from './risk-decision';
import { type RiskIntent } from './risk-intent';
import { type RiskLimits } from './risk-limits';
import { type TradingState } from './trading-state';

/**
 * Risk for one strategy: its limits, its book and its memory of recent intents. `decide` is the one
 * door every intent goes through, in the backtester and in the risk manager alike; an approval is
 * booked at once (the trade counts, the slot is taken) so the next intent sees it.
 */
export class StrategyRisk {
  private readonly duplicates: DuplicateGuard;

  constructor(
    readonly limits: RiskLimits,
    readonly book: RiskBook = new RiskBook(new Decimal(limits.capital)),
  ) {
    this.duplicates = new DuplicateGuard(limits.duplicateWindowSeconds * 1000);
  }

  /**
   * @param tradeId for an exit, the trade (entry intent id) it closes; for an entry its own intent id.
   */
  decide(
    intent: RiskIntent,
    tradingState: TradingState,
    tradeId: string,
    availableMargin?: Decimal,
  ): RiskDecision {
    this.book.startDay(istDate(new Date(intent.at)));
    const duplicate = this.duplicates.check(intent);
    if (duplicate !== undefined)
      return { approved: false, code: 'DUPLICATE_INTENT', message: duplicate, warnings: [] };
    const decision = decideIntent(intent, this.book.snapshot(tradingState, availableMargin), this.limits);
    if (!decision.approved) return decision;
    this.duplicates.remember(intent);
    if (intent.action === 'ENTER') this.book.entryApproved(tradeId);
    else this.book.exitApproved(tradeId);
    return decision;
  }
}
