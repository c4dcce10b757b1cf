export type StrategyEngineErrorCode =
  /** A stored strategy instance cannot be run as configured (the message names the field). */
  | 'BAD_INSTANCE'
  /** A bar that is not the runner's instrument and timeframe, or out of time order. */
  | 'BAD_BAR'
  /** The strategy itself threw; its runner is stopped. */
  | 'STRATEGY_FAILED';

/** The one error type of the strategy engine, with a code the alerts and logs carry. */
export class StrategyEngineError extends Error {
  constructor(
    readonly code: StrategyEngineErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StrategyEngineError';
  }
}
