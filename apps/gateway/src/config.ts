import { serviceConfigSchema } from '@dalal/config';

export const gatewayConfigSchema = serviceConfigSchema(3000);
