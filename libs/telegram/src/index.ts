// The public entry of @dalal/telegram: named exports only, nothing deep-imported.

export {
  telegramBotSettings,
  telegramConfigSchema,
  TELEGRAM_DEFAULT_API_ROOT,
  type TelegramBotSettings,
  type TelegramConfig,
} from './config/telegram-config';
export { TelegramError, isTelegramError, type TelegramErrorCode } from './telegram-error';
export {
  PNL_PERIODS,
  type DeskActor,
  type DeskStatus,
  type FillContext,
  type HealthView,
  type OrderView,
  type PnlPeriod,
  type PnlView,
  type PositionView,
  type RiskLimitView,
  type RiskView,
  type SignalView,
  type SteerOutcome,
  type TradingDesk,
} from './desk/trading-desk';
export { pnlPeriodRange } from './desk/pnl-period';
export { TelegramBot, type TelegramBotOptions } from './bot/telegram-bot';
export { REFUSED_ACTION, type OperatorAuditLog } from './bot/access-guard';
export { BOT_COMMANDS } from './bot/desk-commands';
export {
  TelegramOutbox,
  type DeliveryReport,
  type OutboxLogger,
  type OutboxOptions,
  type SendMessage,
} from './alerts/telegram-outbox';
export { TelegramAlertFeed, type TelegramAlertFeedOptions } from './alerts/telegram-alert-feed';
export { formatAlertMessage } from './format/alert-message';
export { formatTradeMessage, describeInstrument } from './format/trade-message';
