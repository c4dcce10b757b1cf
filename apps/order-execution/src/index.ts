export { orderExecutionConfigSchema, type OrderExecutionConfig } from './config';
export { OrderExecutionModule, type OrderExecutionOptions } from './order-execution.module';
export { type ExecutionEvents } from './execution/execution-events';
export { OrderExecutor, type ExecutorDeps } from './execution/order-executor';
export { TradingGuard } from './execution/trading-guard';
export { TradingStateGate, type TradingStateReader } from './execution/trading-state-gate';
export { PrismaExecutionStore } from './prisma-execution-store';
