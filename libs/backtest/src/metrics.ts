import { type Decimal } from '@dalal/domain';
import { istMidnight } from '@dalal/market';

import { type BacktestTrade, type EquityPoint } from './engine';

export interface BacktestMetrics {
  readonly grossPnl: string;
  readonly charges: string;
  readonly netPnl: string;
  readonly finalEquity: number;
  readonly returnPct: number;
  readonly trades: number;
  readonly wins: number;
  readonly losses: number;
  readonly winRate: number;
  readonly averageWin: number;
  readonly averageLoss: number;
  /** Sum of winning net P&L over the absolute sum of losing net P&L; null with no losses. */
  readonly profitFactor: number | null;
  /** Net P&L per trade. */
  readonly expectancy: number;
  readonly maxDrawdown: number;
  /** Of the peak equity at the time, the peak starting at the capital. */
  readonly maxDrawdownPct: number;
  readonly sharpe: number | null;
  readonly sortino: number | null;
  readonly tradingDays: number;
  /** Fraction of strategy bars with a position open. */
  readonly exposure: number;
}

export interface MetricsInput {
  readonly capital: number;
  readonly trades: readonly BacktestTrade[];
  readonly equity: readonly EquityPoint[];
  readonly grossPnl: Decimal;
  readonly charges: Decimal;
  readonly netPnl: Decimal;
  readonly barsInMarket: number;
  readonly strategyBars: number;
}

const TRADING_DAYS_PER_YEAR = 252;

/** Drawdown at each equity point (₹ below the running peak, the peak starting at the capital). */
export function drawdownSeries(capital: number, equity: readonly EquityPoint[]): number[] {
  let peak = capital;
  return equity.map((point) => {
    if (point.equity > peak) peak = point.equity;
    return peak - point.equity;
  });
}

/** Daily returns from each IST day's last equity point; the first day is measured from the capital. */
export function dailyReturns(capital: number, equity: readonly EquityPoint[]): number[] {
  const closes: number[] = [];
  let day = Number.NaN;
  for (const point of equity) {
    // The point at 15:30 ends its day, so look up the day of the instant just before it.
    const d = istMidnight(point.time - 1);
    if (d !== day) closes.push(point.equity);
    else closes[closes.length - 1] = point.equity;
    day = d;
  }
  const returns: number[] = [];
  let previous = capital;
  for (const close of closes) {
    returns.push(close / previous - 1);
    previous = close;
  }
  return returns;
}

export function computeMetrics(input: MetricsInput): BacktestMetrics {
  const { capital, trades, equity } = input;
  const nets = trades.map((trade) => Number(trade.netPnl));
  const winners = nets.filter((n) => n > 0);
  const losers = nets.filter((n) => n <= 0);
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const grossWin = sum(winners);
  const grossLoss = -sum(losers);

  let peak = capital;
  let maxDrawdown = 0;
  let maxDrawdownPct = 0;
  for (const point of equity) {
    if (point.equity > peak) peak = point.equity;
    const dd = peak - point.equity;
    if (dd > maxDrawdown) maxDrawdown = dd;
    if (peak > 0 && dd / peak > maxDrawdownPct) maxDrawdownPct = dd / peak;
  }

  const returns = dailyReturns(capital, equity);
  const mean = returns.length ? sum(returns) / returns.length : 0;
  const variance =
    returns.length > 1 ? returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (returns.length - 1) : 0;
  const downside = returns.length
    ? Math.sqrt(returns.reduce((a, r) => a + Math.min(r, 0) ** 2, 0) / returns.length)
    : 0;
  const annual = Math.sqrt(TRADING_DAYS_PER_YEAR);
  const netPnl = input.netPnl.toNumber();

  return {
    grossPnl: input.grossPnl.toFixed(2),
    charges: input.charges.toFixed(2),
    netPnl: input.netPnl.toFixed(2),
    finalEquity: capital + netPnl,
    returnPct: (netPnl / capital) * 100,
    trades: trades.length,
    wins: winners.length,
    losses: losers.length,
    winRate: trades.length ? winners.length / trades.length : 0,
    averageWin: winners.length ? grossWin / winners.length : 0,
    averageLoss: losers.length ? -grossLoss / losers.length : 0,
    profitFactor: grossLoss > 0 ? grossWin / grossLoss : null,
    expectancy: trades.length ? netPnl / trades.length : 0,
    maxDrawdown,
    maxDrawdownPct: maxDrawdownPct * 100,
    sharpe: variance > 0 ? (mean / Math.sqrt(variance)) * annual : null,
    sortino: downside > 0 ? (mean / downside) * annual : null,
    tradingDays: returns.length,
    exposure: input.strategyBars ? input.barsInMarket / input.strategyBars : 0,
  };
}
