export { orderExecutionConfigSchema, type OrderExecutionConfig } from './config';
export { OrderExecutionModule, type OrderExecutionOptions } from './order-execution.module';
