// The public entry of @dalal/indicators: named exports only, nothing deep-imported.

export { IndicatorError, isIndicatorError, type IndicatorErrorCode } from './indicator-error';

export { Ema, emaSeries } from './ema';
