import { Decimal, FLAT_POSITION, ZERO, applyFillToPosition, type Position } from '@dalal/domain';

import { type RiskSnapshot } from './risk-snapshot';
import { type TradingState } from './trading-state';

/** A fill as the book needs it: which trade (the entry intent) it belongs to, and what it cost. */
export interface BookFill {
  readonly tradeId: string;
  readonly instrument: string;
  readonly side: 'BUY' | 'SELL';
  readonly quantity: number;
  readonly price: Decimal;
  readonly charges: Decimal;
}

/** A trade that went flat: its realized P&L after charges. */
export interface ClosedTrade {
  readonly tradeId: string;
  readonly gross: Decimal;
  readonly charges: Decimal;
  readonly net: Decimal;
}

interface TradeBook {
  positions: Map<string, Position>;
  charges: Decimal;
  filled: boolean;
  exitPending: boolean;
}

/** The persisted form of a book (JSON-safe): enough to carry on after a restart mid-day. */
export interface RiskBookState {
  readonly date: string;
  readonly capital: string;
  readonly realizedNet: string;
  readonly realizedNetToday: string;
  readonly peakPnlToday: string;
  readonly tradesToday: number;
  readonly consecutiveLosses: number;
}

/**
 * One strategy's risk state, kept from its own decisions and fills only: trades today, realized and
 * unrealized P&L, the day's peak, the losing streak, what is open or on its way. The backtester and the
 * risk manager feed it the same events, so a rule sees the same numbers in both.
 */
export class RiskBook {
  private date = '';
  private realizedNet = ZERO;
  private realizedNetToday = ZERO;
  private unrealized = ZERO;
  private peakPnlToday = ZERO;
  private tradesToday = 0;
  private consecutiveLosses = 0;
  private readonly trades = new Map<string, TradeBook>();

  constructor(private readonly capital: Decimal) {}

  /** A new IST trading day: the daily counters start again (the losing streak and equity carry on). */
  startDay(date: string): void {
    if (date === this.date) return;
    this.date = date;
    this.realizedNetToday = ZERO;
    this.peakPnlToday = ZERO;
    this.tradesToday = 0;
    this.updatePeak();
  }

  get day(): string {
    return this.date;
  }

  /** Risk let an entry through: it counts against today's trades and the open-position limit at once. */
  entryApproved(tradeId: string): void {
    this.tradesToday++;
    this.trades.set(tradeId, { positions: new Map(), charges: ZERO, filled: false, exitPending: false });
  }

  /** The entry will not fill (rejected, cancelled, expired): it no longer holds a position slot. */
  entryAbandoned(tradeId: string): void {
    const trade = this.trades.get(tradeId);
    if (trade && !trade.filled) this.trades.delete(tradeId);
  }

  exitApproved(tradeId: string): void {
    const trade = this.trades.get(tradeId);
    if (trade) trade.exitPending = true;
  }

  /** The exit will not fill: the position is still open and may be exited again. */
  exitAbandoned(tradeId: string): void {
    const trade = this.trades.get(tradeId);
    if (trade) trade.exitPending = false;
  }

  /** Applies a fill; returns the trade when this fill made it flat. */
  applyFill(fill: BookFill): ClosedTrade | undefined {
    const trade = this.trades.get(fill.tradeId);
    if (!trade) return undefined;
    const before = trade.positions.get(fill.instrument) ?? FLAT_POSITION;
    trade.positions.set(
      fill.instrument,
      applyFillToPosition(before, {
        side: fill.side,
        quantity: new Decimal(fill.quantity),
        price: fill.price,
      }),
    );
    trade.charges = trade.charges.plus(fill.charges);
    trade.filled = true;
    if (![...trade.positions.values()].every((position) => position.netQuantity.isZero())) return undefined;
    return this.close(fill.tradeId, trade);
  }

  /** Closes a trade whose legs were settled outside the fills (expiry at intrinsic value, end of data). */
  settle(tradeId: string, gross: Decimal, charges: Decimal): ClosedTrade | undefined {
    const trade = this.trades.get(tradeId);
    if (!trade) return undefined;
    trade.charges = charges;
    trade.positions = new Map([['settled', { ...FLAT_POSITION, realizedPnl: gross }]]);
    return this.close(tradeId, trade);
  }

  /** The open trades' marked-to-market P&L now (₹), as valued by the caller. */
  markUnrealized(unrealized: Decimal): void {
    this.unrealized = unrealized;
    this.updatePeak();
  }

  get equity(): Decimal {
    return this.capital.plus(this.realizedNet);
  }

  snapshot(tradingState: TradingState, availableMargin?: Decimal): RiskSnapshot {
    let openPositions = 0;
    let hasOpenPosition = false;
    let exitPending = false;
    for (const trade of this.trades.values()) {
      openPositions++;
      if (trade.filled) hasOpenPosition = true;
      if (trade.exitPending) exitPending = true;
    }
    const trades = this.trades;
    return {
      tradingState,
      equity: this.equity,
      tradesToday: this.tradesToday,
      realizedNetToday: this.realizedNetToday,
      unrealized: this.unrealized,
      peakPnlToday: this.peakPnlToday,
      consecutiveLosses: this.consecutiveLosses,
      openPositions,
      hasOpenPosition,
      exitPending,
      openQuantity(instrument) {
        let total = 0;
        for (const trade of trades.values()) {
          total += Math.abs(trade.positions.get(instrument)?.netQuantity.toNumber() ?? 0);
        }
        return total;
      },
      availableMargin,
    };
  }

  toState(): RiskBookState {
    return {
      date: this.date,
      capital: this.capital.toString(),
      realizedNet: this.realizedNet.toString(),
      realizedNetToday: this.realizedNetToday.toString(),
      peakPnlToday: this.peakPnlToday.toString(),
      tradesToday: this.tradesToday,
      consecutiveLosses: this.consecutiveLosses,
    };
  }

  /** A book carried on from its persisted counters (open trades are re-added from stored orders). */
  static fromState(state: RiskBookState): RiskBook {
    const book = new RiskBook(new Decimal(state.capital));
    book.date = state.date;
    book.realizedNet = new Decimal(state.realizedNet);
    book.realizedNetToday = new Decimal(state.realizedNetToday);
    book.peakPnlToday = new Decimal(state.peakPnlToday);
    book.tradesToday = state.tradesToday;
    book.consecutiveLosses = state.consecutiveLosses;
    return book;
  }

  private close(tradeId: string, trade: TradeBook): ClosedTrade {
    let gross = ZERO;
    for (const position of trade.positions.values()) gross = gross.plus(position.realizedPnl);
    const net = gross.minus(trade.charges);
    this.trades.delete(tradeId);
    this.realizedNet = this.realizedNet.plus(net);
    this.realizedNetToday = this.realizedNetToday.plus(net);
    this.consecutiveLosses = net.lt(0) ? this.consecutiveLosses + 1 : 0;
    if (this.trades.size === 0) this.unrealized = ZERO;
    this.updatePeak();
    return { tradeId, gross, charges: trade.charges, net };
  }

  private updatePeak(): void {
    const pnl = this.realizedNetToday.plus(this.unrealized);
    if (pnl.gt(this.peakPnlToday)) this.peakPnlToday = pnl;
  }
}
