export { orderExecutionConfigSchema } from './config';
export { OrderExecutionModule } from './order-execution.module';
