import { Injectable } from '@nestjs/common';

import { type Decimal } from '@dalal/domain';

import { PersistenceError } from '../errors/persistence-error';
import { type Prisma, type TradingMode } from '../generated/prisma/client';
import { PrismaService } from '../prisma.service';
import { toDomainDecimal } from './decimal';
import { isUniqueViolation } from './prisma-errors';

/** A named figure of one scope's day (RiskCounter rows): absolute values, not deltas. */
export type RiskCounterValues = Readonly<Record<string, Decimal | string | number>>;

export interface RiskCountersWrite {
  /** A strategy id, or "ACCOUNT". */
  readonly scope: string;
  readonly mode: TradingMode;
  /** YYYY-MM-DD in Asia/Kolkata. */
  readonly tradeDate: string;
  readonly values: RiskCounterValues;
}

export interface NewRiskOutcome {
  readonly intentId: string;
  readonly strategyId: string;
  readonly mode: TradingMode;
  readonly tradeId: string;
  readonly action: 'ENTER' | 'EXIT';
  readonly approved: boolean;
  /** The rule that refused, when rejected. */
  readonly rule?: string;
  readonly reason?: string;
  /** Where the message goes and the message itself (order request or rejection payload). */
  readonly stream: string;
  readonly message: Readonly<Record<string, unknown>>;
  readonly decidedAt: Date;
}

export interface RiskOutcomeRecord {
  readonly intentId: string;
  readonly strategyId: string;
  readonly mode: TradingMode;
  readonly tradeId: string;
  readonly action: 'ENTER' | 'EXIT';
  readonly approved: boolean;
  readonly stream: string;
  readonly message: Prisma.JsonValue;
  readonly decidedAt: Date;
  readonly publishedAt: Date | null;
  readonly closedAt: Date | null;
}

/** An approved entry whose trade is not closed, with everything a restart needs to re-open it. */
export interface OpenTradeRecord {
  readonly entry: RiskOutcomeRecord;
  /** Approved exits of the trade, oldest first. */
  readonly exits: readonly RiskOutcomeRecord[];
  /** Orders execution recorded for the trade's intents (an order not recorded yet is absent). */
  readonly orders: ReadonlyArray<{
    readonly clientOrderId: string;
    readonly intentId: string;
    readonly state: string;
    readonly filledQuantity: Decimal;
  }>;
  /** Fills of the trade's orders, in the order they were recorded. */
  readonly fills: ReadonlyArray<{
    readonly fillId: string;
    readonly clientOrderId: string;
    readonly intentId: string;
    readonly instrument: string;
    readonly side: 'BUY' | 'SELL';
    readonly quantity: number;
    readonly price: Decimal;
    readonly charges: Decimal;
    readonly filledAt: Date;
  }>;
}

export interface TradeClosure {
  readonly tradeId: string;
  /** FLAT (filled and closed) or ABANDONED (never filled). */
  readonly reason: 'FLAT' | 'ABANDONED';
}

const day = (ymd: string): Date => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(ymd))
    throw new PersistenceError('INVALID_INPUT', `risk book: tradeDate must be YYYY-MM-DD, got ${ymd}`, {
      field: 'tradeDate',
    });
  return new Date(`${ymd}T00:00:00Z`);
};

function outcomeOf(row: {
  intentId: string;
  strategyId: string;
  mode: TradingMode;
  tradeId: string;
  action: string;
  approved: boolean;
  stream: string;
  message: Prisma.JsonValue;
  decidedAt: Date;
  publishedAt: Date | null;
  closedAt: Date | null;
}): RiskOutcomeRecord {
  return {
    intentId: row.intentId,
    strategyId: row.strategyId,
    mode: row.mode,
    tradeId: row.tradeId,
    action: row.action === 'EXIT' ? 'EXIT' : 'ENTER',
    approved: row.approved,
    stream: row.stream,
    message: row.message,
    decidedAt: row.decidedAt,
    publishedAt: row.publishedAt,
    closedAt: row.closedAt,
  };
}

// One statement for all of a scope's figures (array parameters, as bars.repository does): a decision's
// transaction stays a handful of round trips however many figures the book has.
const UPSERT_COUNTERS = `
INSERT INTO risk_counters (trade_date, mode, scope, name, value, updated_at)
SELECT $1::date, $2::"TradingMode", $3, t.name, t.value, $4::timestamptz
FROM unnest($5::varchar[], $6::numeric[]) AS t(name, value)
ON CONFLICT (trade_date, mode, scope, name) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`;

async function writeCounters(
  tx: Prisma.TransactionClient,
  write: RiskCountersWrite,
  at: Date,
): Promise<void> {
  day(write.tradeDate);
  const entries = Object.entries(write.values);
  if (entries.length === 0) return;
  await tx.$executeRawUnsafe(
    UPSERT_COUNTERS,
    write.tradeDate,
    write.mode,
    write.scope,
    at.toISOString(),
    entries.map(([name]) => name),
    entries.map(([, value]) => value.toString()),
  );
}

/**
 * The risk manager's own records: its answer to each intent (risk_outcomes, with the verdict in
 * risk_decisions) and its books' figures per strategy and day (risk_counters), written together so a
 * restart never finds a verdict without the counters it moved, or the reverse.
 */
@Injectable()
export class RiskBookRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Records a verdict, what will be published for it and the book's figures after it, in one
   * transaction. Returns false (and writes nothing) when this intent was already decided.
   */
  async recordDecision(
    outcome: NewRiskOutcome,
    counters: readonly RiskCountersWrite[],
    messageId?: string,
  ): Promise<boolean> {
    try {
      await this.prisma.$transaction(async (tx) => {
        await tx.riskDecision.create({
          data: {
            intentId: outcome.intentId,
            messageId: messageId ?? null,
            strategyId: outcome.strategyId,
            approved: outcome.approved,
            rule: outcome.rule ?? null,
            reason: outcome.reason ?? null,
            decidedAt: outcome.decidedAt,
          },
        });
        await tx.riskOutcome.create({
          data: {
            intentId: outcome.intentId,
            strategyId: outcome.strategyId,
            mode: outcome.mode,
            tradeId: outcome.tradeId,
            action: outcome.action,
            approved: outcome.approved,
            stream: outcome.stream,
            // A zod-checked contract payload: plain JSON by construction.
            message: outcome.message as Prisma.InputJsonObject,
            decidedAt: outcome.decidedAt,
          },
        });
        for (const write of counters) await writeCounters(tx, write, outcome.decidedAt);
      });
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  async outcome(intentId: string): Promise<RiskOutcomeRecord | null> {
    const row = await this.prisma.riskOutcome.findUnique({ where: { intentId } });
    return row ? outcomeOf(row) : null;
  }

  async markPublished(intentId: string, at: Date): Promise<void> {
    await this.prisma.riskOutcome.updateMany({
      where: { intentId, publishedAt: null },
      data: { publishedAt: at },
    });
  }

  /** Saves figures (and trades that closed with them) in one transaction. */
  async saveCounters(
    counters: readonly RiskCountersWrite[],
    at: Date,
    closures: readonly TradeClosure[] = [],
  ): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      for (const write of counters) await writeCounters(tx, write, at);
      for (const closure of closures) {
        await tx.riskOutcome.updateMany({
          where: { tradeId: closure.tradeId, action: 'ENTER', closedAt: null },
          data: { closedAt: at, closeReason: closure.reason },
        });
      }
    });
  }

  /** The figures of a scope on its latest day on or before `onOrBefore`, or null when it has none. */
  async latestCounters(
    scope: string,
    mode: TradingMode,
    onOrBefore: string,
  ): Promise<{ tradeDate: string; values: Record<string, Decimal> } | null> {
    const last = await this.prisma.riskCounter.findFirst({
      where: { scope, mode, tradeDate: { lte: day(onOrBefore) } },
      orderBy: { tradeDate: 'desc' },
    });
    if (!last) return null;
    const rows = await this.prisma.riskCounter.findMany({
      where: { scope, mode, tradeDate: last.tradeDate },
    });
    return {
      tradeDate: last.tradeDate.toISOString().slice(0, 10),
      values: Object.fromEntries(rows.map((r) => [r.name, toDomainDecimal(r.value)])),
    };
  }

  /** Every approved entry of the mode (and strategy) whose trade is still open, with its exits, orders and fills. */
  async openTrades(mode: TradingMode, strategyId?: string): Promise<OpenTradeRecord[]> {
    const entries = await this.prisma.riskOutcome.findMany({
      where: {
        mode,
        approved: true,
        action: 'ENTER',
        closedAt: null,
        ...(strategyId === undefined ? {} : { strategyId }),
      },
      orderBy: { decidedAt: 'asc' },
    });
    if (entries.length === 0) return [];
    const tradeIds = entries.map((e) => e.tradeId);
    const exits = await this.prisma.riskOutcome.findMany({
      where: { tradeId: { in: tradeIds }, approved: true, action: 'EXIT' },
      orderBy: { decidedAt: 'asc' },
    });
    const intentIds = [...entries, ...exits].map((o) => o.intentId);
    const orders = await this.prisma.order.findMany({
      where: { intentId: { in: intentIds } },
      select: { clientOrderId: true, intentId: true, state: true, filledQuantity: true },
    });
    const fills = await this.prisma.fill.findMany({
      where: { order: { intentId: { in: intentIds } } },
      orderBy: { id: 'asc' },
      include: { order: { select: { intentId: true } } },
    });
    const tradeOfIntent = new Map([...entries, ...exits].map((o) => [o.intentId, o.tradeId]));
    const inTrade = (intentId: string | null, tradeId: string) =>
      intentId !== null && tradeOfIntent.get(intentId) === tradeId;
    return entries.map((entry) => ({
      entry: outcomeOf(entry),
      exits: exits.filter((e) => e.tradeId === entry.tradeId).map(outcomeOf),
      orders: orders
        .filter((o) => inTrade(o.intentId, entry.tradeId))
        .map((o) => ({
          clientOrderId: o.clientOrderId,
          intentId: o.intentId!,
          state: o.state,
          filledQuantity: toDomainDecimal(o.filledQuantity),
        })),
      fills: fills
        .filter((f) => inTrade(f.order.intentId, entry.tradeId))
        .map((f) => ({
          fillId: f.fillId,
          clientOrderId: f.clientOrderId,
          intentId: f.order.intentId!,
          instrument: f.instrument,
          side: f.side,
          quantity: toDomainDecimal(f.quantity).toNumber(),
          price: toDomainDecimal(f.price),
          charges: toDomainDecimal(f.charges),
          filledAt: f.filledAt,
        })),
    }));
  }

  /** A configured strategy run's strategy and risk overrides, or null when no instance has this id. */
  async strategyInstance(id: string): Promise<{ strategyId: string; risk: Prisma.JsonValue } | null> {
    return this.prisma.strategyInstance.findUnique({
      where: { id },
      select: { strategyId: true, risk: true },
    });
  }
}
