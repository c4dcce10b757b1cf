// The public entry of @dalal/simulator: the simulated exchange and option premiums that the backtester
// and the paper broker share, so paper fills are the backtest's fills.

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
  type BarLabel,
  type BlackScholesPremiumOptions,
  type OptionKey,
  type PremiumSource,
} from './premiums';
export { earliestOptionRatesDate, optionRatesDateFor } from './charges-rates';
export { indexUnderlyingOf } from './index-instruments';
export {
  bundledExpiryCalendars,
  optionContractOf,
  type ExpiryCalendars,
  type OptionContract,
} from './option-contract';
export { OptionQuotes, type OptionQuote, type OptionQuotesOptions } from './option-quotes';
export { SimulatorError, isSimulatorError, type SimulatorErrorCode } from './simulator-error';
