import { serviceConfigSchema } from '@dalal/config';

export const marketDataConfigSchema = serviceConfigSchema(3001);
