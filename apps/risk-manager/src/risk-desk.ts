import { Decimal, ZERO, isTerminalStatus, type OrderStatus } from '@dalal/domain';
import {
  orderRequestSchema,
  riskRejectionSchema,
  type Fill,
  type OrderEvent,
  type OrderLeg,
  type OrderRequest,
  type PositionUpdate,
  type RiskRejection,
  type StrategyIntent,
} from '@dalal/contracts';
import { SESSION_CLOSE_MINUTE, fromIst, istDate, istMinuteOfDay } from '@dalal/market';
import { riskDecisions, riskLimitUsedRatio } from '@dalal/observability';
import {
  type OpenTradeRecord,
  type RiskBookRepository,
  type RiskCountersWrite,
  type TradeClosure,
  type TradingStateRepository,
  ACCOUNT_SCOPE,
  isPersistenceError,
} from '@dalal/persistence';
import {
  RiskBook,
  RiskError,
  StrategyRisk,
  strictestTradingState,
  usageWarnings,
  type RiskDecision,
  type RiskLimits,
  type RiskWarning,
  type TradingState,
} from '@dalal/risk';

import { clientOrderIdFor, ownExitIntentId } from './client-order-id';
import { type DayTally, countersOf, emptyTally, restoredFrom } from './risk-book-counters';
import { riskIntentOf } from './risk-intent-of';
import { type RiskOutput } from './risk-output';

/** Who the risk manager is in the trading-state audit trail. */
export const RISK_MANAGER_ACTOR = 'risk-manager';

export interface RiskDeskOptions {
  readonly books: RiskBookRepository;
  readonly states: TradingStateRepository;
  readonly output: RiskOutput;
  /** The limits of a strategy id (definition defaults, account, instance overrides). */
  readonly limitsFor: (strategyId: string) => Promise<RiskLimits>;
  /** The mode whose books this desk keeps (counters and open trades are stored per mode). */
  readonly mode: 'paper' | 'live';
  readonly broker: OrderRequest['broker'];
  readonly log?: { warn(message: string): void; log(message: string): void };
}

interface TrackedIntent {
  readonly intentId: string;
  readonly tradeId: string;
  readonly strategyId: string;
  readonly action: 'ENTER' | 'EXIT';
  /** Every leg's order: its last known state and filled units ('SENT' until execution reports). */
  readonly orders: Map<string, { state: OrderStatus | 'SENT'; filled: number }>;
}

interface OpenTrade {
  readonly tradeId: string;
  readonly strategyId: string;
  readonly mode: OrderRequest['mode'];
  /** The entry's legs as approved (the template of an exit). */
  readonly legs: readonly OrderLeg[];
  /** IST day of the entry decision: market time of an earlier day never squares the trade off. */
  readonly entryDate: string;
  /** Signed units held per instrument, from fills. */
  readonly net: Map<string, number>;
  filled: boolean;
  readonly workingExits: Set<string>;
  /** Exits decided for the trade so far: numbers the intent ids of the desk's own exits. */
  ownExits: number;
  /** After risk refused an own exit (e.g. HALTED), the next try waits until this market time. */
  retryOwnExitAt: number;
}

interface StrategyDesk {
  readonly risk: StrategyRisk;
  tally: DayTally;
  /** Unrealized P&L of each instrument held, from positions.updates. */
  readonly marks: Map<string, Decimal>;
}

type Verdict =
  | { readonly approved: true; readonly request: OrderRequest; readonly decision: RiskDecision }
  | { readonly approved: false; readonly rejection: RiskRejection; readonly decision?: RiskDecision };

const ORDER_STREAM = 'risk.approved';
const REJECTION_STREAM = 'risk.rejections';

/** A refused square-off or flatten is tried again after a minute of market time, not on every tick. */
const OWN_EXIT_RETRY_MS = 60_000;

const later = (a: string, b: string): boolean => a > b;

/**
 * The risk manager's single writer: every intent, fill, order event, mark and market-time step goes
 * through one queue, so a strategy's book is never read and written by two messages at once. Each
 * strategy's StrategyRisk (@dalal/risk) decides; the desk only feeds it, persists what changed (verdict,
 * outcome and book in one transaction) before publishing, and acts on what the rules report (REDUCING on
 * the daily loss limit, square-off, warnings, the day's summary).
 */
export class RiskDesk {
  private readonly strategies = new Map<string, StrategyDesk>();
  private readonly trades = new Map<string, OpenTrade>();
  private readonly intentsByOrder = new Map<string, TrackedIntent>();
  private readonly appliedFills = new Set<string>();
  /** Strategies whose memory was dropped after a failed write: reloaded from Postgres before anything else. */
  private readonly stale = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();
  private localHalt: string | undefined;
  private marketTime = 0;
  private summarySentFor = '';

  constructor(private readonly o: RiskDeskOptions) {}

  /**
   * Reads the trading state (a desk that cannot read it must not trade: the error stops start-up) and
   * re-opens every trade Postgres says is open, with its fills and working exits.
   */
  async start(): Promise<void> {
    const state = await this.o.states.effective();
    this.o.log?.log(`trading state at start-up: ${state.state} (${state.actor}: ${state.reason})`);
    await this.serial(async () => {
      const open = await this.o.books.openTrades(this.o.mode);
      const byStrategy = new Map<string, OpenTradeRecord[]>();
      for (const record of open) {
        const list = byStrategy.get(record.entry.strategyId) ?? [];
        list.push(record);
        byStrategy.set(record.entry.strategyId, list);
      }
      for (const [strategyId, records] of byStrategy) {
        try {
          await this.load(strategyId, records);
        } catch (err) {
          // One strategy's broken settings must not keep every other strategy from trading; its own
          // intents are rejected INVALID_LIMITS until they are fixed, and the operator hears of it now.
          if (!(err instanceof RiskError)) throw err;
          await this.o.output.alert({
            severity: 'CRITICAL',
            code: 'risk_settings_invalid',
            message: `${strategyId} has ${records.length} open trade(s) but its risk settings are invalid (${err.message}): its intents are rejected until they are fixed`,
            details: { strategyId, openTrades: records.length },
          });
        }
      }
    });
  }

  /** A strategy's intent: decided once (by intent id), persisted, then published. */
  onIntent(intent: StrategyIntent, messageId?: string): Promise<void> {
    return this.serial(async () => {
      await this.decide(intent, messageId);
    });
  }

  onFill(fill: Fill): Promise<void> {
    return this.serial(() => this.fill(fill));
  }

  onOrderEvent(event: OrderEvent): Promise<void> {
    return this.serial(() => this.orderEvent(event));
  }

  onPosition(update: PositionUpdate): Promise<void> {
    return this.serial(() => this.position(update));
  }

  /** The latest market time seen on the bus (a bar's close, a tick's exchange time). */
  onMarketTime(at: number): Promise<void> {
    if (at <= this.marketTime) return Promise.resolve();
    return this.serial(() => this.advance(at));
  }

  /** The kill switch on the bus: nothing new is approved, whatever the database says, until REARM. */
  halt(reason: string): void {
    this.localHalt = reason;
  }

  /** REARM lifts only this process's own halt; the persisted trading state still decides. */
  liftLocalHalt(): void {
    this.localHalt = undefined;
  }

  /** The current figures of a strategy (for tests and health views). */
  bookOf(strategyId: string): RiskBook | undefined {
    return this.strategies.get(strategyId)?.risk.book;
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = async () => {
      await this.reloadStale();
      return work();
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  // --- intents ---

  /** Returns whether the intent is approved (now or by an earlier delivery). */
  private async decide(intent: StrategyIntent, messageId?: string): Promise<boolean> {
    const existing = await this.o.books.outcome(intent.intentId);
    if (existing) {
      // A redelivery: the answer was given (and its effect on the book saved) already; finish publishing.
      if (existing.publishedAt === null)
        await this.publishStored(existing.intentId, existing.stream, existing.message, existing.decidedAt);
      return existing.approved;
    }
    let desk: StrategyDesk;
    try {
      desk = await this.desk(intent.strategyId);
    } catch (err) {
      if (!(err instanceof RiskError)) throw err;
      return this.answer(
        intent,
        intent.tradeId ?? intent.intentId,
        { approved: false, rejection: this.rejection(intent, 'INVALID_LIMITS', err.message) },
        undefined,
        messageId,
      );
    }
    const tradeId = this.tradeIdOf(intent);
    if (intent.action === 'EXIT' && (tradeId === undefined || !this.trades.has(tradeId))) {
      const why =
        tradeId === undefined
          ? 'the exit names no trade and the strategy does not have exactly one open'
          : `trade ${tradeId} is not open`;
      return this.answer(
        intent,
        tradeId ?? intent.intentId,
        { approved: false, rejection: this.rejection(intent, 'NO_OPEN_POSITION', why) },
        desk,
        messageId,
      );
    }
    const id = tradeId ?? intent.intentId;
    const state = await this.tradingState(intent.strategyId, istDate(new Date(Date.parse(intent.barTime))));
    const dayBefore = desk.risk.book.day;
    const decision = desk.risk.decide(riskIntentOf(intent), state, id);
    this.rollTally(desk, dayBefore);
    const verdict: Verdict = decision.approved
      ? { approved: true, request: this.orderRequest(intent, decision), decision }
      : { approved: false, rejection: this.rejection(intent, decision.code, decision.message), decision };
    return this.answer(intent, id, verdict, desk, messageId);
  }

  /** Persists the verdict with the book it moved, registers what it opened, then publishes it. */
  private async answer(
    intent: StrategyIntent,
    tradeId: string,
    verdict: Verdict,
    desk: StrategyDesk | undefined,
    messageId?: string,
  ): Promise<boolean> {
    const decidedAt = new Date(Date.parse(intent.barTime));
    const message = verdict.approved ? verdict.request : verdict.rejection;
    let recorded: boolean;
    try {
      recorded = await this.o.books.recordDecision(
        {
          intentId: intent.intentId,
          strategyId: intent.strategyId,
          mode: this.o.mode,
          tradeId,
          action: intent.action,
          approved: verdict.approved,
          ...(verdict.approved ? {} : { rule: verdict.rejection.rule, reason: verdict.rejection.reason }),
          stream: verdict.approved ? ORDER_STREAM : REJECTION_STREAM,
          message,
          decidedAt,
        },
        desk ? [this.countersWrite(intent.strategyId, desk)] : [],
        messageId,
      );
    } catch (err) {
      // The book moved in memory but not in Postgres: forget it, so the retry starts from what is stored.
      this.forget(intent.strategyId);
      throw err;
    }
    if (!recorded) {
      // Decided meanwhile by another delivery: what is stored wins, and this book is reloaded from it.
      this.forget(intent.strategyId);
      const stored = await this.o.books.outcome(intent.intentId);
      if (stored && stored.publishedAt === null)
        await this.publishStored(stored.intentId, stored.stream, stored.message, stored.decidedAt);
      return stored?.approved ?? false;
    }
    if (verdict.approved) this.track({ ...intent, at: decidedAt.getTime() }, tradeId, verdict.request);
    if (verdict.approved) await this.o.output.approved(verdict.request);
    else await this.o.output.rejected(verdict.rejection);
    await this.o.books.markPublished(intent.intentId, new Date(decidedAt));
    riskDecisions.inc({
      result: verdict.approved ? 'approved' : 'rejected',
      reason: verdict.approved ? 'none' : verdict.rejection.rule,
    });
    if (desk)
      await this.watchLimits(intent.strategyId, desk, verdict.decision?.warnings ?? [], decidedAt.getTime());
    return verdict.approved;
  }

  private async publishStored(
    intentId: string,
    stream: string,
    message: unknown,
    decidedAt: Date,
  ): Promise<void> {
    if (stream === ORDER_STREAM) await this.o.output.approved(orderRequestSchema.parse(message));
    else await this.o.output.rejected(riskRejectionSchema.parse(message));
    await this.o.books.markPublished(intentId, decidedAt);
  }

  /**
   * The trade an intent belongs to. An exit that names none (an operator's exit from the dashboard) is
   * the strategy's only open trade, or the only one holding every instrument the exit sells or buys back.
   */
  private tradeIdOf(intent: StrategyIntent): string | undefined {
    if (intent.action === 'ENTER') return intent.tradeId ?? intent.intentId;
    if (intent.tradeId !== undefined) return intent.tradeId;
    const open = [...this.trades.values()].filter((t) => t.strategyId === intent.strategyId);
    if (open.length === 1) return open[0]!.tradeId;
    const holding = open.filter((trade) =>
      intent.legs.every((leg) => {
        const held = trade.net.get(leg.instrument) ?? 0;
        return leg.side === 'SELL' ? held > 0 : held < 0;
      }),
    );
    return holding.length === 1 ? holding[0]!.tradeId : undefined;
  }

  private orderRequest(
    intent: StrategyIntent,
    decision: Extract<RiskDecision, { approved: true }>,
  ): OrderRequest {
    return {
      intentId: intent.intentId,
      strategyId: intent.strategyId,
      mode: intent.mode,
      broker: this.o.broker,
      action: intent.action,
      legs: intent.legs.map((leg, index) => ({
        clientOrderId: clientOrderIdFor(intent.intentId, index),
        leg: { ...leg, quantity: decision.legs[index]?.quantity ?? leg.quantity },
      })),
    };
  }

  private rejection(intent: StrategyIntent, rule: string, reason: string): RiskRejection {
    return { intentId: intent.intentId, strategyId: intent.strategyId, rule, reason };
  }

  private track(
    intent: { intentId: string; strategyId: string; action: 'ENTER' | 'EXIT'; at: number },
    tradeId: string,
    request: OrderRequest,
  ): void {
    const tracked: TrackedIntent = {
      intentId: intent.intentId,
      tradeId,
      strategyId: intent.strategyId,
      action: intent.action,
      orders: new Map(request.legs.map((l) => [l.clientOrderId, { state: 'SENT' as const, filled: 0 }])),
    };
    for (const cid of tracked.orders.keys()) this.intentsByOrder.set(cid, tracked);
    if (intent.action === 'ENTER') {
      this.trades.set(tradeId, {
        tradeId,
        strategyId: intent.strategyId,
        mode: request.mode,
        legs: request.legs.map((l) => l.leg),
        entryDate: istDate(new Date(intent.at)),
        net: new Map(),
        filled: false,
        workingExits: new Set(),
        ownExits: 0,
        retryOwnExitAt: 0,
      });
    } else {
      this.trades.get(tradeId)?.workingExits.add(intent.intentId);
    }
  }

  // --- fills, order events, marks ---

  private async fill(fill: Fill): Promise<void> {
    if (this.appliedFills.has(fill.fillId)) return;
    const tracked = this.intentsByOrder.get(fill.clientOrderId);
    if (!tracked) return; // not an order of an open trade of ours (or its trade closed already)
    const desk = await this.desk(tracked.strategyId);
    this.appliedFills.add(fill.fillId);
    const order = tracked.orders.get(fill.clientOrderId);
    if (order) order.filled += fill.quantity;
    const closure = this.applyFill(desk, tracked.tradeId, {
      instrument: fill.instrument,
      side: fill.side,
      quantity: fill.quantity,
      price: new Decimal(fill.price),
      charges: new Decimal(fill.charges),
      at: Date.parse(fill.filledAt),
    });
    if (closure) {
      await this.o.books.saveCounters(
        [this.countersWrite(tracked.strategyId, desk)],
        new Date(fill.filledAt),
        [closure],
      );
      await this.watchLimits(tracked.strategyId, desk, [], Date.parse(fill.filledAt));
    }
  }

  /** Feeds one fill to the book and the trade's tally; returns the closure when it made the trade flat. */
  private applyFill(
    desk: StrategyDesk,
    tradeId: string,
    fill: {
      instrument: string;
      side: 'BUY' | 'SELL';
      quantity: number;
      price: Decimal;
      charges: Decimal;
      at: number;
    },
  ): TradeClosure | undefined {
    const trade = this.trades.get(tradeId);
    if (trade) {
      trade.filled = true;
      const signed = fill.side === 'BUY' ? fill.quantity : -fill.quantity;
      trade.net.set(fill.instrument, (trade.net.get(fill.instrument) ?? 0) + signed);
    }
    this.advanceDay(desk, istDate(new Date(fill.at)));
    const closed = desk.risk.book.applyFill({ tradeId, ...fill });
    if (!closed) return undefined;
    if (closed.net.gt(0)) desk.tally.wins++;
    else if (closed.net.lt(0)) desk.tally.losses++;
    this.untrack(tradeId);
    return { tradeId, reason: 'FLAT' };
  }

  private async orderEvent(event: OrderEvent): Promise<void> {
    const tracked = this.intentsByOrder.get(event.clientOrderId);
    if (!tracked) return;
    tracked.orders.set(event.clientOrderId, { state: event.state, filled: event.filledQuantity });
    const closure = await this.settleIntent(tracked);
    if (closure) {
      const desk = await this.desk(tracked.strategyId);
      await this.o.books.saveCounters([this.countersWrite(tracked.strategyId, desk)], new Date(event.at), [
        closure,
      ]);
    }
  }

  /**
   * When every order of an intent has ended: an entry that filled nothing gives its slot back
   * (book.entryAbandoned); an exit that leaves the trade open lets it be exited again (book.exitAbandoned).
   */
  private async settleIntent(tracked: TrackedIntent): Promise<TradeClosure | undefined> {
    const orders = [...tracked.orders.values()];
    if (!orders.every((o) => o.state !== 'SENT' && isTerminalStatus(o.state))) return undefined;
    const desk = await this.desk(tracked.strategyId);
    const trade = this.trades.get(tracked.tradeId);
    if (tracked.action === 'ENTER') {
      if (orders.some((o) => o.filled > 0) || trade?.filled) return undefined;
      desk.risk.book.entryAbandoned(tracked.tradeId);
      this.untrack(tracked.tradeId);
      return { tradeId: tracked.tradeId, reason: 'ABANDONED' };
    }
    if (trade && trade.workingExits.delete(tracked.intentId) && trade.workingExits.size === 0)
      desk.risk.book.exitAbandoned(tracked.tradeId);
    return undefined;
  }

  private async position(update: PositionUpdate): Promise<void> {
    const desk = this.strategies.get(update.strategyId);
    if (!desk) return; // a strategy with nothing decided or open here has no book to mark
    if (update.netQuantity === 0) desk.marks.delete(update.instrument);
    else desk.marks.set(update.instrument, new Decimal(update.unrealizedPnl));
    let unrealized = ZERO;
    for (const mark of desk.marks.values()) unrealized = unrealized.plus(mark);
    const at = Date.parse(update.at);
    this.advanceDay(desk, istDate(new Date(at)));
    const peakBefore = desk.risk.book.toState().peakPnlToday;
    desk.risk.book.markUnrealized(unrealized);
    if (desk.risk.book.toState().peakPnlToday !== peakBefore)
      await this.o.books.saveCounters([this.countersWrite(update.strategyId, desk)], new Date(at));
    await this.watchLimits(update.strategyId, desk, [], at);
  }

  // --- limits: warnings, daily loss ---

  /**
   * Raises each limit's 80% warning once a day, keeps the used-ratio gauge, and when the daily loss limit
   * is reached puts the strategy in REDUCING (and flattens it when its settings say so).
   */
  private async watchLimits(
    strategyId: string,
    desk: StrategyDesk,
    fromDecision: readonly RiskWarning[],
    at: number,
  ): Promise<void> {
    // Usage is a matter of the book's figures alone; the trading state plays no part in it.
    const snapshot = desk.risk.book.snapshot('ACTIVE');
    const warnings = new Map<string, RiskWarning>();
    for (const w of [...usageWarnings(snapshot, desk.risk.limits), ...fromDecision]) {
      const seen = warnings.get(w.limit);
      if (!seen || w.ratio > seen.ratio) warnings.set(w.limit, w);
    }
    const fresh = [...warnings.values()].filter((w) => !desk.tally.warned.has(w.limit));
    for (const w of warnings.values()) riskLimitUsedRatio.set({ limit: w.limit }, w.ratio);
    const dailyLossHit = (warnings.get('dailyLossLimit')?.ratio ?? 0) >= 1;
    const reduce = dailyLossHit && !desk.tally.reduced;
    if (fresh.length === 0 && !reduce) return;
    for (const w of fresh) desk.tally.warned.add(w.limit);
    if (reduce) desk.tally.reduced = true;
    await this.o.books.saveCounters([this.countersWrite(strategyId, desk)], new Date(at));
    for (const w of fresh) {
      await this.o.output.alert({
        severity: 'WARNING',
        code: 'risk_limit_warning',
        message: `${strategyId}: ${w.limit} at ${Math.round(w.ratio * 100)}% (${w.used} of ${w.limitValue})`,
        details: { strategyId, limit: w.limit, used: w.used, limitValue: w.limitValue, ratio: w.ratio },
      });
    }
    if (reduce) await this.reduceForDailyLoss(strategyId, desk, warnings.get('dailyLossLimit')!, at);
  }

  private async reduceForDailyLoss(
    strategyId: string,
    desk: StrategyDesk,
    hit: RiskWarning,
    at: number,
  ): Promise<void> {
    const why = `daily loss ₹${hit.used} reached the ₹${hit.limitValue} limit: exits only for the rest of the day`;
    try {
      const current = await this.o.states.current(strategyId);
      if (current.state === 'ACTIVE')
        await this.o.states.change({
          scope: strategyId,
          state: 'REDUCING',
          actor: RISK_MANAGER_ACTOR,
          reason: why,
          at,
        });
    } catch (err) {
      // HALTED stays HALTED: only a re-arm leaves it, and a halted strategy is already stopped.
      if (!(isPersistenceError(err) && err.code === 'TRADING_STATE_REFUSED')) throw err;
    }
    await this.o.output.alert({
      severity: 'CRITICAL',
      code: 'daily_loss_limit',
      message: `${strategyId}: ${why}${desk.risk.limits.flattenOnDailyLoss ? '; flattening open positions' : ''}`,
      details: { strategyId, loss: hit.used, limit: hit.limitValue },
    });
    if (desk.risk.limits.flattenOnDailyLoss) {
      for (const trade of [...this.trades.values()]) {
        if (trade.strategyId === strategyId) await this.exitTrade(trade, 'flatten', at);
      }
    }
  }

  // --- market time: square-off, new day, summary ---

  private async advance(at: number): Promise<void> {
    if (at <= this.marketTime) return;
    const previous = this.marketTime;
    this.marketTime = at;
    const date = istDate(new Date(at));
    // The first market time after a start counts as a new day too: the process may have slept through midnight.
    if (previous === 0 || later(date, istDate(new Date(previous)))) await this.newDay(date);
    for (const trade of [...this.trades.values()]) {
      if (!trade.filled || trade.workingExits.size > 0 || later(trade.entryDate, date)) continue;
      if (!trade.legs.some((leg) => leg.product === 'MIS')) continue; // carried (NRML/CNC) positions stay
      const desk = this.strategies.get(trade.strategyId);
      if (!desk) continue;
      if (at >= fromIst(date, desk.risk.limits.squareOffAt).getTime())
        await this.exitTrade(trade, 'square_off', at);
    }
    if (istMinuteOfDay(at) >= SESSION_CLOSE_MINUTE && this.summarySentFor !== date)
      await this.daySummary(date, at);
  }

  /** A REDUCING the daily loss limit set yesterday does not carry into a new day; HALTED does. */
  private async newDay(date: string): Promise<void> {
    for (const [strategyId, desk] of this.strategies) {
      this.advanceDay(desk, date);
      await this.liftStaleReducing(strategyId, date);
    }
  }

  /**
   * A REDUCING the daily loss limit wrote on an earlier IST day is lifted (by the same actor, audited);
   * one written by an operator, or HALTED, is never touched.
   */
  private async liftStaleReducing(strategyId: string, date: string): Promise<void> {
    const current = await this.o.states.current(strategyId);
    if (current.state !== 'REDUCING' || current.actor !== RISK_MANAGER_ACTOR) return;
    if (!later(date, istDate(new Date(current.at)))) return;
    await this.o.states.change({
      scope: strategyId,
      state: 'ACTIVE',
      actor: RISK_MANAGER_ACTOR,
      reason: `new trading day ${date}: the daily loss limit starts again`,
      at: fromIst(date),
    });
  }

  /** Exits a trade's open units at market, through the same rules and records as a strategy's exit. */
  private async exitTrade(trade: OpenTrade, kind: 'square_off' | 'flatten', at: number): Promise<void> {
    if (!trade.filled || trade.workingExits.size > 0 || at < trade.retryOwnExitAt) return;
    const legs: OrderLeg[] = [];
    for (const leg of trade.legs) {
      const held = trade.net.get(leg.instrument) ?? 0;
      if (held === 0 || legs.some((l) => l.instrument === leg.instrument)) continue;
      legs.push({
        instrument: leg.instrument,
        exchange: leg.exchange,
        side: held > 0 ? 'SELL' : 'BUY',
        quantity: Math.abs(held),
        orderType: 'MARKET',
        product: leg.product,
        validity: 'DAY',
        role: leg.role,
      });
    }
    if (legs.length === 0) return;
    trade.ownExits++;
    const approved = await this.decide({
      intentId: ownExitIntentId(kind, trade.tradeId, trade.ownExits),
      strategyId: trade.strategyId,
      mode: trade.mode,
      action: 'EXIT',
      legs,
      tradeId: trade.tradeId,
      reason: kind,
      indicators: {},
      barTime: new Date(at).toISOString(),
    });
    if (!approved) trade.retryOwnExitAt = at + OWN_EXIT_RETRY_MS;
  }

  private async daySummary(date: string, at: number): Promise<void> {
    this.summarySentFor = date;
    let trades = 0;
    let wins = 0;
    let losses = 0;
    let net = ZERO;
    const lines: string[] = [];
    for (const [strategyId, desk] of this.strategies) {
      const state = desk.risk.book.toState();
      if (state.date !== date || state.tradesToday === 0) continue;
      trades += state.tradesToday;
      wins += desk.tally.wins;
      losses += desk.tally.losses;
      net = net.plus(state.realizedNetToday);
      lines.push(
        `${strategyId}: ${state.tradesToday} trades, ${desk.tally.wins} won, ${desk.tally.losses} lost, net ₹${new Decimal(state.realizedNetToday).toFixed(2)}`,
      );
    }
    // A day nobody traded (or a replay's history read by a new consumer group) is not news.
    if (trades === 0) return;
    const sent = await this.o.books.latestCounters(ACCOUNT_SCOPE, this.o.mode, date);
    if (sent?.tradeDate === date && (sent.values['daySummarySent']?.toNumber() ?? 0) > 0) return;
    await this.o.books.saveCounters(
      [{ scope: ACCOUNT_SCOPE, mode: this.o.mode, tradeDate: date, values: { daySummarySent: 1 } }],
      new Date(at),
    );
    await this.o.output.alert({
      severity: 'INFO',
      code: 'risk_day_summary',
      message: `${date}: ${trades} trades, ${wins} won, ${losses} lost, net ₹${net.toFixed(2)}${lines.length ? ` — ${lines.join('; ')}` : ''}`,
      details: { date, trades, wins, losses, netPnl: net.toFixed(2) },
    });
  }

  // --- books: loading, persisting ---

  private async desk(strategyId: string): Promise<StrategyDesk> {
    return (
      this.strategies.get(strategyId) ??
      this.load(strategyId, await this.o.books.openTrades(this.o.mode, strategyId))
    );
  }

  /**
   * A strategy's risk from Postgres: its latest saved figures, then its open trades re-added with their
   * fills (a trade found flat now closes and is saved), and the exits still working marked.
   */
  private async load(strategyId: string, open: readonly OpenTradeRecord[]): Promise<StrategyDesk> {
    const limits = await this.o.limitsFor(strategyId);
    const saved = await this.o.books.latestCounters(strategyId, this.o.mode, '9999-12-31');
    let book: RiskBook;
    let tally = emptyTally();
    if (saved) {
      const restored = restoredFrom(saved.tradeDate, saved.values, String(limits.capital));
      // Re-adding an open trade counts it (entryApproved); the saved count already has the ones of today.
      book = RiskBook.fromState({ ...restored.state, tradesToday: restored.state.tradesToday - open.length });
      tally = restored.tally;
    } else {
      book = new RiskBook(new Decimal(limits.capital));
    }
    const desk: StrategyDesk = { risk: new StrategyRisk(limits, book), tally, marks: new Map() };
    this.strategies.set(strategyId, desk);
    const closures: TradeClosure[] = [];
    for (const record of open) {
      const entry = orderRequestSchema.parse(record.entry.message);
      book.entryApproved(record.entry.tradeId);
      this.track(
        { intentId: entry.intentId, strategyId, action: 'ENTER', at: record.entry.decidedAt.getTime() },
        record.entry.tradeId,
        entry,
      );
      const exits = record.exits.map((exit) => orderRequestSchema.parse(exit.message));
      const trade = this.trades.get(record.entry.tradeId);
      if (trade) trade.ownExits = exits.length;
      for (const exit of exits) {
        book.exitApproved(record.entry.tradeId);
        this.track(
          { intentId: exit.intentId, strategyId, action: 'EXIT', at: 0 },
          record.entry.tradeId,
          exit,
        );
      }
      for (const order of record.orders) {
        const tracked = this.intentsByOrder.get(order.clientOrderId);
        tracked?.orders.set(order.clientOrderId, {
          state: order.state as OrderStatus,
          filled: order.filledQuantity.toNumber(),
        });
      }
      let closure: TradeClosure | undefined;
      for (const fill of record.fills) {
        this.appliedFills.add(fill.fillId);
        closure =
          this.applyFill(desk, record.entry.tradeId, { ...fill, at: fill.filledAt.getTime() }) ?? closure;
      }
      for (const exit of exits) {
        const tracked = this.intentsByOrder.get(exit.legs[0]!.clientOrderId);
        if (tracked) closure = (await this.settleIntent(tracked)) ?? closure;
      }
      const entryTracked = this.intentsByOrder.get(entry.legs[0]!.clientOrderId);
      if (!closure && entryTracked) closure = await this.settleIntent(entryTracked);
      if (closure) closures.push(closure);
    }
    if (closures.length > 0)
      await this.o.books.saveCounters([this.countersWrite(strategyId, desk)], new Date(), closures);
    return desk;
  }

  /**
   * Reloads every forgotten strategy, open trades and all. While Postgres is still unreachable this throws,
   * and the message in hand is retried by the bus instead of meeting a book that lost its trades.
   */
  private async reloadStale(): Promise<void> {
    for (const strategyId of [...this.stale]) {
      try {
        await this.load(strategyId, await this.o.books.openTrades(this.o.mode, strategyId));
      } catch (err) {
        if (!(err instanceof RiskError)) throw err;
      }
      this.stale.delete(strategyId);
    }
  }

  private forget(strategyId: string): void {
    this.stale.add(strategyId);
    this.strategies.delete(strategyId);
    for (const trade of [...this.trades.values()])
      if (trade.strategyId === strategyId) this.untrack(trade.tradeId);
  }

  private untrack(tradeId: string): void {
    this.trades.delete(tradeId);
    for (const [cid, tracked] of this.intentsByOrder)
      if (tracked.tradeId === tradeId) this.intentsByOrder.delete(cid);
  }

  /** Moves a book to a later IST day (never back: a late fill of yesterday must not reset today). */
  private advanceDay(desk: StrategyDesk, date: string): void {
    const before = desk.risk.book.day;
    if (before !== '' && !later(date, before)) return;
    desk.risk.book.startDay(date);
    this.rollTally(desk, before);
  }

  private rollTally(desk: StrategyDesk, dayBefore: string): void {
    if (dayBefore !== '' && desk.risk.book.day !== dayBefore) desk.tally = emptyTally();
  }

  private countersWrite(strategyId: string, desk: StrategyDesk): RiskCountersWrite {
    const state = desk.risk.book.toState();
    const date = state.date !== '' ? state.date : istDate(new Date(this.marketTime));
    return { scope: strategyId, mode: this.o.mode, tradeDate: date, values: countersOf(state, desk.tally) };
  }

  /** The state governing a decision on `date`: persisted (lifting a stale daily-loss REDUCING first), and the local halt. */
  private async tradingState(strategyId: string, date: string): Promise<TradingState> {
    let stored = await this.o.states.effective(strategyId);
    if (stored.scope === strategyId && stored.state === 'REDUCING' && stored.actor === RISK_MANAGER_ACTOR) {
      await this.liftStaleReducing(strategyId, date);
      stored = await this.o.states.effective(strategyId);
    }
    return strictestTradingState(stored.state, this.localHalt === undefined ? 'ACTIVE' : 'HALTED');
  }
}
