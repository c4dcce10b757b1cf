export {
  INITIAL_TRADING_STATE,
  TRADING_STATES,
  tradingStateRefusal,
  type OrderPurpose,
  type TradingState,
  type TradingStateRecord,
} from './trading-state';
