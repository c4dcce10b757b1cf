export { gatewayConfigSchema } from './config';
export { GatewayModule } from './gateway.module';
