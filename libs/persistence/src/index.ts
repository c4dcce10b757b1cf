export { TokenCipher, TOKEN_KEY_ENV } from './crypto/token-cipher';
export { databaseConfigFromEnv, type DatabaseConfig } from './database/database-config';
export { openDatabase, type OpenDatabaseOptions } from './database/open-database';
export { PersistenceError, isPersistenceError, type PersistenceErrorCode } from './errors/persistence-error';
export {
  applyMigrations,
  readMigrations,
  migrationChecksum,
  DEFAULT_MIGRATIONS_DIR,
  type MigrationFile,
  type MigrationReport,
} from './migrations/migration-applier';
export { pgConnection, pgliteConnection, type SqlConnection } from './migrations/sql-connection';
export { PersistenceModule, type PersistenceModuleOptions } from './persistence.module';
export { PrismaService, type DatabaseHandle } from './prisma.service';
export { AlertsAuditRepository, type OperatorAction } from './repositories/alerts-audit.repository';
export { ApiKeysRepository, type ApiKeyRecord, type NewApiKey } from './repositories/api-keys.repository';
export { BarsRepository, type BarRecord, type StoredBar } from './repositories/bars.repository';
export {
  BrokerSessionsRepository,
  type BrokerLogin,
  type BrokerSessionTokens,
} from './repositories/broker-sessions.repository';
export { DailyRiskRepository, type DailyPnlRecord } from './repositories/daily-risk.repository';
export { DecisionsRepository, type RiskVerdict } from './repositories/decisions.repository';
export {
  InstrumentsRepository,
  type InstrumentRecord,
  type InstrumentSpecRecord,
  type InstrumentSpecOn,
} from './repositories/instruments.repository';
export {
  OrdersRepository,
  type NewOrder,
  type StoredOrder,
  type StoredPosition,
  type PositionKey,
  type SubmitOutcome,
  type EventOutcome,
  type FillOutcome,
} from './repositories/orders.repository';
export {
  RiskBookRepository,
  type NewRiskOutcome,
  type OpenTradeRecord,
  type RiskCounterValues,
  type RiskCountersWrite,
  type RiskOutcomeRecord,
  type TradeClosure,
} from './repositories/risk-book.repository';
export {
  StrategiesRepository,
  type SessionStart,
  type SessionSummary,
} from './repositories/strategies.repository';
export {
  TradingStateRepository,
  ACCOUNT_SCOPE,
  type StoredTradingState,
  type TradingStateChangeRequest,
  type TradingStateChangeResult,
} from './repositories/trading-state.repository';
export {
  ReadModelsRepository,
  type AlertView,
  type BarView,
  type BrokerSessionView,
  type DailyPnlView,
  type FillView,
  type OrderDetailView,
  type OrderEventView,
  type OrderView,
  type Page,
  type PageRequest,
  type PositionView,
  type Range,
  type RiskCounterView,
  type SignalView,
  type StrategyInstanceView,
  type TradingStateView,
} from './repositories/read-models.repository';
export {
  StrategyInstancesRepository,
  type StrategyInstanceChange,
  type StrategyInstanceRecord,
} from './repositories/strategy-instances.repository';
export {
  runRetention,
  retentionPolicyFromEnv,
  type RetentionPolicy,
  type RetentionResult,
} from './retention/retention-job';
export type { TradingMode } from './generated/prisma/client';
