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
export { earliestOptionRatesDate } from './charges-rates';
export { SimulatorError, isSimulatorError, type SimulatorErrorCode } from './simulator-error';
