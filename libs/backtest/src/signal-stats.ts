import { Decimal, ZERO } from '@dalal/domain';

import { type BacktestResult, type BacktestTrade } from './engine';

/** How one named signal of a multi-signal strategy did over a backtest. ₹ amounts are net of charges. */
export interface SignalStats {
  /** The signal was switched on for the run. */
  readonly active: boolean;
  /** Entry intents the signal produced (approved or not). */
  readonly fired: number;
  /** …of which risk refused. */
  readonly refused: number;
  /** Closed trades (the report's count). */
  readonly trades: number;
  readonly wins: number;
  /** Wins / trades; null without trades. */
  readonly winRate: number | null;
  readonly netPnl: string;
  /** Net ₹ per trade; null without trades. */
  readonly averagePnl: string | null;
  /**
   * Maximum adverse excursion: the worst open (unrealized, before charges) ₹ P&L any of its trades showed
   * at a strategy-bar close, as a number ≤ 0. Read from the equity curve, so it sees closes, not the
   * lows between them, and it is null when trades overlapped (the curve then mixes them).
   */
  readonly maxAdverseExcursion: string | null;
  /** Trades by exit reason (`stop_loss`, `take_profit`, …). */
  readonly exits: Readonly<Record<string, number>>;
}

/** The signal an intent's reason names: `S4: …` → `S4`. */
const SIGNAL_PREFIX = /^([A-Za-z0-9_]+):/;

function signalOfTrade(trade: BacktestTrade, ids: ReadonlySet<string>): string | null {
  if (ids.has(trade.tag)) return trade.tag;
  const named = SIGNAL_PREFIX.exec(trade.entryReason)?.[1];
  return named !== undefined && ids.has(named) ? named : null;
}

/** Worst open P&L of each trade (by id) at the equity curve's points while it was open, or null. */
function adverseExcursions(result: BacktestResult): Map<number, number> | null {
  const trades = [...result.trades].sort((a, b) => Date.parse(a.entryTime) - Date.parse(b.entryTime));
  for (let i = 1; i < trades.length; i++) {
    if (Date.parse(trades[i]!.entryTime) < Date.parse(trades[i - 1]!.exitTime)) return null;
  }
  const worst = new Map<number, number>();
  let realized = result.capital;
  let point = 0;
  const equity = result.equity;
  for (const trade of trades) {
    const entry = Date.parse(trade.entryTime);
    const exit = Date.parse(trade.exitTime);
    // Points after the entry fill up to the exit: equity = realized before the trade + its open P&L.
    while (point < equity.length && equity[point]!.time <= entry) point++;
    let low = 0;
    while (point < equity.length && equity[point]!.time <= exit) {
      low = Math.min(low, equity[point]!.equity - realized);
      point++;
    }
    worst.set(trade.id, low);
    realized += Number(trade.netPnl);
  }
  return worst;
}

/**
 * Per-signal statistics of a run, keyed by every id in `ids` (inactive ones with zeros). A trade
 * belongs to the signal its tag is, or failing that the one its entry reason starts with (`S4: …`); an
 * entry decision to the one its reason starts with. Only what the result holds is used: trades,
 * decisions and the equity curve.
 */
export function signalStats(
  result: BacktestResult,
  ids: readonly string[],
  active: readonly string[] = ids,
): Record<string, SignalStats> {
  const known = new Set(ids);
  const activeSet = new Set(active);
  const excursions = adverseExcursions(result);
  const stats: Record<string, SignalStats> = {};
  for (const id of ids) {
    const trades = result.trades.filter((trade) => signalOfTrade(trade, known) === id);
    const entries = result.decisions.filter(
      (decision) => decision.kind === 'ENTER' && SIGNAL_PREFIX.exec(decision.reason)?.[1] === id,
    );
    const net = trades.reduce((sum, trade) => sum.plus(new Decimal(trade.netPnl)), ZERO);
    const wins = trades.filter((trade) => new Decimal(trade.netPnl).greaterThan(0)).length;
    const exits: Record<string, number> = {};
    for (const trade of trades) exits[trade.exitReason] = (exits[trade.exitReason] ?? 0) + 1;
    let mae: string | null = null;
    if (excursions !== null && trades.length > 0) {
      const worst = Math.min(...trades.map((trade) => excursions.get(trade.id) ?? 0));
      mae = (Object.is(worst, -0) ? 0 : worst).toFixed(2);
    }
    stats[id] = {
      active: activeSet.has(id),
      fired: entries.length,
      refused: entries.filter((decision) => decision.rejected !== null).length,
      trades: trades.length,
      wins,
      winRate: trades.length === 0 ? null : wins / trades.length,
      netPnl: net.toFixed(2),
      averagePnl: trades.length === 0 ? null : net.dividedBy(trades.length).toFixed(2),
      maxAdverseExcursion: mae,
      exits,
    };
  }
  return stats;
}
