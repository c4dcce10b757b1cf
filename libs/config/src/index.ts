export { ConfigError } from './config-error';
export { loadConfig } from './load-config';
export { serviceConfigSchema, type ServiceConfig } from './service-config';
