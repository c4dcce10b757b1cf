export { currentCorrelationId, runWithCorrelation } from './correlation-context';
