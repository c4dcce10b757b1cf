export { strategyEngineConfigSchema, type StrategyEngineConfig } from './config';
export { StrategyEngineModule, type StrategyEngineOptions } from './strategy-engine.module';
export { expiryCalendarFromFile } from './expiry-calendar';
