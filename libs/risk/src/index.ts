export { decideIntent, usageWarnings } from './decide-intent';
export { DuplicateGuard } from './duplicate-guard';
export { RiskBook, type BookFill, type ClosedTrade, type RiskBookState } from './risk-book';
export { type RiskDecision, type RiskWarning } from './risk-decision';
export { RiskError, type RiskErrorCode } from './risk-error';
export { type EntrySizing, type RiskIntent, type RiskLeg } from './risk-intent';
export {
  DEFAULT_RISK_LIMITS,
  parseRiskLimits,
  riskLimitsSchema,
  type RiskLimits,
  type RiskLimitsInput,
} from './risk-limits';
export { RISK_REASONS, type RiskLimitName, type RiskReason } from './risk-reason';
export { type RiskSnapshot } from './risk-snapshot';
export { StrategyRisk } from './strategy-risk';
export {
  INITIAL_TRADING_STATE,
  TRADING_STATES,
  isTradingState,
  rearmRefusal,
  strictestTradingState,
  tradingStateChangeRefusal,
  tradingStateRefusal,
  type OpenPositionView,
  type OrderPurpose,
  type TradingState,
  type TradingStateRecord,
} from './trading-state';
