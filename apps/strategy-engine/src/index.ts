export { strategyEngineConfigSchema } from './config';
export { StrategyEngineModule } from './strategy-engine.module';
