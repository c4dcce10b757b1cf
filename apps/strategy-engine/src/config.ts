import { serviceConfigSchema } from '@dalal/config';

export const strategyEngineConfigSchema = serviceConfigSchema(3002);
