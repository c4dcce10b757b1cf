// The public entry of @dalal/indicators: named exports only, nothing deep-imported.

export { IndicatorError, isIndicatorError, type IndicatorErrorCode } from './indicator-error';
export type { HlcBar, TimedBar } from './bars';

export { Ema, emaSeries } from './ema';
export { Sma, smaSeries } from './sma';
export { Wma, wmaSeries } from './wma';
export { Rsi, rsiSeries } from './rsi';
export { Macd, macdSeries, type MacdPoint } from './macd';
export { BollingerBands, bollingerSeries, type BollingerPoint } from './bollinger-bands';
export { Atr, atrSeries } from './atr';
export { IST_OFFSET_MINUTES, Vwap, vwapSeries } from './vwap';
export { SuperTrend, superTrendSeries, type SuperTrendPoint, type TrendDirection } from './super-trend';
export { Stochastic, stochasticSeries, type StochasticPoint } from './stochastic';
