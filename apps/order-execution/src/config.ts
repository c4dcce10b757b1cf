import { serviceConfigSchema } from '@dalal/config';

export const orderExecutionConfigSchema = serviceConfigSchema(3004);
