export { marketDataConfigSchema, type MarketDataConfig } from './config';
export { MarketDataModule, type MarketDataOptions } from './market-data.module';
export { MarketDataRunner, type MarketDataSink, type MarketDataStats } from './market-data-runner';
export { BarBuilder, type BarBuilderOptions, type TickOutcome } from './bars/bar-builder';
export { MarketDataError, type MarketDataErrorCode } from './market-data-error';
