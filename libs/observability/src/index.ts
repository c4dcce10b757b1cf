export { currentCorrelationId, runWithCorrelation } from './correlation-context';
export { loggingModule, REDACTED_PATHS } from './logging.module';
export { registerLagProbe, measureConsumerLag, type ConsumerLag, type LagProbe } from './metrics/lag-probes';
export { metricsRegistry } from './metrics/metrics-registry';
export {
  barsPublished,
  brokerRequests,
  brokerSessionValid,
  busConsumerLag,
  busMessages,
  countBusMessages,
  dlqMessages,
  feedLastTickAge,
  feedMarketOpen,
  feedReconnects,
  feedTicks,
  killSwitchEngaged,
  lastFeedTickAt,
  orderLatency,
  orders,
  pnlRealized,
  pnlUnrealized,
  positionsOpen,
  reconciliationMismatches,
  recordFeedTick,
  riskDecisions,
  riskLimitUsedRatio,
  tradingSignals,
  type BusResult,
  type OrderLatencyStage,
} from './metrics/metrics';
export { redactQueryValues } from './redaction/query-values';
export {
  currentTraceparent,
  flushTracing,
  inSpan,
  startTracing,
  stopTracing,
  tracingEnabled,
} from './tracing/tracing';
export {
  MIN_SECRET_LENGTH,
  REDACTED,
  registerSecretValue,
  scrubSecrets,
  scrubSecretsDeep,
} from './redaction/secret-values';
