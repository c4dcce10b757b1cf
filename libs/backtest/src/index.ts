// The public entry of @dalal/backtest: the engine, its simulated exchange, premiums, metrics and report.

export { BacktestError, isBacktestError, type BacktestErrorCode } from './backtest-error';
export { parseBarsCsv, type BarLabel, type ParseBarsOptions } from './csv-bars';
export {
  SimulatedExchange,
  type SimBar,
  type SimFill,
  type SimOrder,
  type SimOrderType,
  type SimSide,
  type SimulatedExchangeOptions,
} from './simulated-exchange';
export {
  BlackScholesPremiums,
  OptionPriceTable,
  type BlackScholesPremiumOptions,
  type OptionKey,
  type PremiumSource,
} from './premiums';
export { earliestOptionRatesDate } from './charges-rates';
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
