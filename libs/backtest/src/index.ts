// The public entry of @dalal/backtest: the engine, metrics and report (the simulated exchange and
// premiums live in @dalal/simulator).

export { BacktestError, isBacktestError, type BacktestErrorCode } from './backtest-error';
export { parseBarsCsv, type ParseBarsOptions } from './csv-bars';
export {
  runBacktest,
  type BacktestConfig,
  type BacktestResult,
  type BacktestTrade,
  type Decision,
  type EquityPoint,
  type TradeLeg,
} from './engine';
export {
  computeMetrics,
  dailyReturns,
  drawdownSeries,
  type BacktestMetrics,
  type MetricsInput,
} from './metrics';
export { renderHtmlReport, type HtmlReportOptions } from './report-html';
export { signalStats, type SignalStats } from './signal-stats';
