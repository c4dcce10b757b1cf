import { serviceConfigSchema } from '@dalal/config';

export const riskManagerConfigSchema = serviceConfigSchema(3003);
