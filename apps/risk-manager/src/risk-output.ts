import { type Alert, type OrderRequest, type RiskRejection } from '@dalal/contracts';

/** Where the risk manager's answers go: the bus in the service, a recorder in tests. */
export interface RiskOutput {
  approved(request: OrderRequest): Promise<void>;
  rejected(rejection: RiskRejection): Promise<void>;
  alert(alert: Alert): Promise<void>;
}

export const RISK_OUTPUT = Symbol('RISK_OUTPUT');
