export { orderExecutionConfigSchema, type OrderExecutionConfig } from './config';
export { OrderExecutionModule, type OrderExecutionOptions } from './order-execution.module';
export { type ExecutionEvents } from './execution/execution-events';
export { OrderExecutor, type ExecutorDeps } from './execution/order-executor';
export { TradingGuard } from './execution/trading-guard';
export { TradingStateGate, type TradingStateReader } from './execution/trading-state-gate';
export { KillSwitch } from './kill-switch.usecase';
export { KillSwitchListener, KILL_SWITCH_GROUP } from './kill-switch.listener';
export { PrismaExecutionStore } from './prisma-execution-store';
