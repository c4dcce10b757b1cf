export { riskManagerConfigSchema } from './config';
export { RiskManagerModule } from './risk-manager.module';
