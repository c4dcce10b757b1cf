export { currentCorrelationId, runWithCorrelation } from './correlation-context';
export { loggingModule, REDACTED_PATHS } from './logging.module';
