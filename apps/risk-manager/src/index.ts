export { riskManagerConfigSchema, type RiskManagerConfig } from './config';
export { RiskManagerModule, type RiskManagerOptions } from './risk-manager.module';
export { RiskDesk, RISK_MANAGER_ACTOR, type RiskDeskOptions } from './risk-desk';
export { clientOrderIdFor } from './client-order-id';
