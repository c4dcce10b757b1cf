/** Why risk refused an intent: one code per rule (docs/risk.md lists them with their settings). */
export const RISK_REASONS = [
  'TRADING_HALTED',
  'TRADING_REDUCING',
  'DUPLICATE_INTENT',
  'NO_OPEN_POSITION',
  'EXIT_ALREADY_WORKING',
  'MAX_OPEN_POSITIONS',
  'MAX_TRADES_PER_DAY',
  'DAILY_LOSS_LIMIT',
  'MAX_DRAWDOWN',
  'LOSS_STREAK_PAUSE',
  'OUTSIDE_ENTRY_WINDOW',
  'NEAR_SQUARE_OFF',
  'SIZE_BELOW_ONE_LOT',
  'MAX_OPEN_QUANTITY',
  'FREEZE_LIMIT',
  'INSUFFICIENT_MARGIN',
  'INVALID_INTENT',
] as const;
export type RiskReason = (typeof RISK_REASONS)[number];

/** Limits whose usage is watched for the 80% warning. */
export type RiskLimitName =
  'maxTradesPerDay' | 'maxOpenPositions' | 'dailyLossLimit' | 'maxDrawdownFromPeak' | 'lossStreakToPause';
