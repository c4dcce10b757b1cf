export { gatewayConfigSchema, type GatewayConfig } from './config';
export { GatewayModule, type GatewayOptions } from './gateway.module';
export { TradingReadService } from './read/trading-read.service';
export { TradingControlService } from './steer/trading-control.service';
export { SystemHealthService } from './health/system-health.service';
