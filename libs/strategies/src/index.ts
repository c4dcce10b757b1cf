// The public entry of @dalal/strategies: the strategy interface, every strategy and its presets.

export {
  NO_INTENTS,
  type EnterIntent,
  type ExitIntent,
  type IndicatorValues,
  type Intent,
  type LegSide,
  type OpenLegView,
  type OpenPositionView,
  type OptionLeg,
  type OptionQuoteRequest,
  type PositionView,
  type Strategy,
  type StrategyContext,
} from './strategy';
export { StrategyError, isStrategyError, type StrategyErrorCode } from './strategy-error';
export { clockMinutes, istClock, parseParams } from './params';
export { STRATEGIES, strategyDefinition, strategyPreset, type StrategyDefinition } from './registry';

export { EMA_MEAN_REVERSION, EmaMeanReversion } from './ema-mean-reversion/ema-mean-reversion';
export {
  emaMeanReversionParams,
  type EmaMeanReversionInput,
  type EmaMeanReversionParams,
} from './ema-mean-reversion/ema-mean-reversion.params';
export {
  EMA_MEAN_REVERSION_PRESETS,
  type StrategyPreset,
} from './ema-mean-reversion/ema-mean-reversion.presets';
export {
  SMA_CROSSOVER,
  SmaCrossover,
  smaCrossoverParams,
  type SmaCrossoverParams,
} from './sma-crossover/sma-crossover';
export {
  RSI_REVERSION,
  RSI_REVERSION_PRESETS,
  RsiReversion,
  rsiReversionParams,
  type RsiReversionInput,
  type RsiReversionParams,
} from './rsi-reversion/rsi-reversion';
export {
  BOLLINGER_BREAKOUT,
  BOLLINGER_BREAKOUT_PRESETS,
  BollingerBreakout,
  bollingerBreakoutParams,
  type BollingerBreakoutInput,
  type BollingerBreakoutParams,
} from './bollinger-breakout/bollinger-breakout';
export {
  SCALPER,
  SCALPER_PRESETS,
  Scalper,
  scalperParams,
  type ScalperInput,
  type ScalperParams,
} from './scalper/scalper';
export {
  SHORT_STRADDLE,
  SHORT_STRADDLE_PRESETS,
  STRADDLE_TAG,
  ShortStraddle,
  shortStraddleParams,
  type ShortStraddleInput,
  type ShortStraddleParams,
} from './short-straddle/short-straddle';
export {
  BEAR_CALL_TAG,
  BULL_PUT_TAG,
  CREDIT_SPREAD,
  CREDIT_SPREAD_PRESETS,
  CreditSpread,
  creditSpreadParams,
  type CreditSpreadInput,
  type CreditSpreadParams,
} from './credit-spread/credit-spread';
export {
  IRON_CONDOR,
  IRON_CONDOR_PRESETS,
  IRON_CONDOR_TAG,
  IronCondor,
  ironCondorParams,
  type IronCondorInput,
  type IronCondorParams,
} from './iron-condor/iron-condor';
export { HOURLY_ZONES, HourlyZones } from './hourly-zones/hourly-zones';
export {
  ZONE_SIGNALS,
  hourlyZonesParams,
  type HourlyZonesInput,
  type HourlyZonesParams,
  type ZoneSignal,
} from './hourly-zones/hourly-zones.params';
export { HOURLY_ZONES_PRESETS } from './hourly-zones/hourly-zones.presets';
