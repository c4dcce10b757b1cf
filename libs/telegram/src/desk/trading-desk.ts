import { type Fill } from '@dalal/contracts';
import { type Decimal } from '@dalal/domain';
import { type TradingState } from '@dalal/risk';

/**
 * The bot's one way into the rest of Dalal. The gateway implements it with the same read and steer
 * services its REST API uses, so "positions", "P&L" or "kill switch" have one implementation, whichever
 * door the trader comes through. Everything here is already decided by the desk; the bot only formats.
 */
export interface TradingDesk {
  status(): Promise<DeskStatus>;
  positions(): Promise<readonly PositionView[]>;
  pnl(period: PnlPeriod): Promise<PnlView>;
  /** Today's orders, newest first. */
  orders(): Promise<readonly OrderView[]>;
  /** The latest strategy signals with their reasons, newest first. */
  signals(limit: number): Promise<readonly SignalView[]>;
  risk(): Promise<RiskView>;
  health(): Promise<HealthView>;
  /** No new entries; exits still go out. The desk records the operator action. */
  stopEntries(actor: DeskActor): Promise<SteerOutcome>;
  startEntries(actor: DeskActor): Promise<SteerOutcome>;
  /** Cancel every open order and flatten every position. Only after the trader confirmed. */
  killSwitch(actor: DeskActor, reason: string): Promise<SteerOutcome>;
  /** Close one position (an id from `positions()`). */
  exitPosition(positionId: string, actor: DeskActor): Promise<SteerOutcome>;
  /** A Kite Connect login link through the gateway, so a new daily token can be issued from a phone. */
  kiteLoginUrl(actor: DeskActor): Promise<string>;
  /** Why a fill happened (the strategy's rule, indicators, stop) for the trade alert; null when unknown. */
  fillContext(fill: Fill): Promise<FillContext | null>;
}

export type PnlPeriod = 'day' | 'week' | 'month';
export const PNL_PERIODS: readonly PnlPeriod[] = ['day', 'week', 'month'];

/** Who asked: the Telegram user, as the desk writes it in its audit log. */
export interface DeskActor {
  /** `telegram:<user id>`. */
  id: string;
  /** The Telegram @username or first name, for people reading the audit log. */
  name: string;
}

export interface DeskStatus {
  mode: 'backtest' | 'paper' | 'live';
  marketOpen: boolean;
  tradingState: TradingState;
  /** Ids of the strategies running now. */
  strategiesRunning: readonly string[];
  openPositions: number;
  todayPnl: Decimal;
  asOf: Date;
}

export interface PositionView {
  /** What `/exit <id>` takes. */
  id: string;
  strategyId: string;
  instrument: string;
  exchange: string;
  /** Signed: positive long, negative short. */
  netQuantity: number;
  averagePrice: Decimal;
  markPrice?: Decimal;
  /** Absent until a price was seen: unknown, not zero. */
  unrealizedPnl?: Decimal;
  realizedPnl: Decimal;
}

export interface PnlView {
  period: PnlPeriod;
  /** IST dates, inclusive. */
  from: string;
  to: string;
  realized: Decimal;
  unrealized: Decimal;
  charges: Decimal;
  net: Decimal;
  trades: number;
}

export interface OrderView {
  clientOrderId: string;
  strategyId: string;
  instrument: string;
  side: 'BUY' | 'SELL';
  quantity: number;
  filledQuantity: number;
  state: string;
  price?: Decimal;
  averagePrice?: Decimal;
  reason?: string;
  updatedAt: Date;
}

export interface SignalView {
  strategyId: string;
  action: 'ENTER' | 'EXIT';
  /** The instruments of its legs, e.g. "NIFTY2612025000CE". */
  instruments: readonly string[];
  /** The rule that fired. */
  reason: string;
  indicators: Readonly<Record<string, number>>;
  at: Date;
  /** What risk did with it, when known. */
  verdict?: 'APPROVED' | 'REJECTED';
  rejection?: string;
}

export interface RiskLimitView {
  name: string;
  used: Decimal;
  /** Absent when only the usage is known (a counter without a configured limit). */
  limit?: Decimal;
  /** How to show the numbers: rupees or a count. */
  unit: 'INR' | 'count';
}

export interface RiskView {
  tradingState: TradingState;
  limits: readonly RiskLimitView[];
}

export interface HealthView {
  services: ReadonlyArray<{ name: string; up: boolean; detail?: string }>;
  feeds: ReadonlyArray<{ name: string; lastTickAt: Date | null; stale: boolean }>;
  /** Messages a consumer group has yet to handle, per stream. */
  busLag: ReadonlyArray<{ stream: string; group: string; pending: number }>;
  brokerSession: { broker: string; valid: boolean; expiresAt?: Date } | null;
  disk: { freeBytes: number; totalBytes: number } | null;
  memory: { rssBytes: number; heapUsedBytes: number };
}

/** What a steering command did, in words the trader reads. */
export interface SteerOutcome {
  ok: boolean;
  message: string;
}

export interface FillContext {
  action: 'ENTER' | 'EXIT';
  /** The rule that fired, e.g. "ce_entry" or "stop_loss". */
  rule: string;
  indicators: Readonly<Record<string, number>>;
  stop?: Decimal;
  /** On an exit: the realised P&L of the round trip, net of charges. */
  realizedPnl?: Decimal;
}
