export { ConfigError } from './config-error';
export { loadConfig } from './load-config';
export { credentialUrl, secret, secretFields, secretValues, type SecretKind } from './secret';
export { serviceConfigSchema, type ServiceConfig } from './service-config';
