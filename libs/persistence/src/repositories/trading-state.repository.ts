import { Injectable } from '@nestjs/common';

import { type Decimal } from '@dalal/domain';
import {
  INITIAL_TRADING_STATE,
  isTradingState,
  rearmRefusal,
  strictestTradingState,
  tradingStateChangeRefusal,
  type TradingState,
  type TradingStateRecord,
} from '@dalal/risk';

import { PersistenceError } from '../errors/persistence-error';
import { type Prisma, type TradingMode } from '../generated/prisma/client';
import { PrismaService } from '../prisma.service';
import { toDomainDecimal } from './decimal';

/** The scope of the whole account; any other scope is a strategy instance id. */
export const ACCOUNT_SCOPE = 'ACCOUNT';

/** A state in force (or a past change): the row, with its id; id is null for the never-written default. */
export interface StoredTradingState extends TradingStateRecord {
  readonly id: string | null;
  readonly scope: string;
}

export interface TradingStateChangeRequest {
  /** "ACCOUNT" (the default) or a strategy instance id. */
  readonly scope?: string;
  readonly state: TradingState;
  /** Who: an operator's user name or API key id, or a service ("risk-manager"). */
  readonly actor: string;
  /** Why, in words an operator reads in the audit trail. */
  readonly reason: string;
  /** When the decision was taken (not when the row happened to be written). */
  readonly at: Date | string | number;
  /** An explicit, audited re-arm: the only change allowed out of HALTED. */
  readonly rearm?: boolean;
}

export interface RearmRequest {
  /** "ACCOUNT" (the default) or a strategy instance id. */
  readonly scope?: string;
  /** ACTIVE (the default) or REDUCING (exits only, e.g. to work the remaining positions off by hand). */
  readonly to?: 'ACTIVE' | 'REDUCING';
  readonly actor: string;
  readonly reason: string;
  readonly at: Date | string | number;
  /** Re-arm although positions from before the kill are still open (recorded in the reason). */
  readonly force?: boolean;
  /** Only positions of this mode count; every mode's when omitted. */
  readonly mode?: TradingMode;
}

/** A position still open when a re-arm was asked for. */
export interface OpenPositionRecord {
  readonly strategyId: string;
  readonly instrument: string;
  readonly netQuantity: Decimal;
}

export interface TradingStateChangeResult {
  readonly previous: StoredTradingState;
  readonly current: StoredTradingState;
}

const MAX_LABEL = 64;

function invalid(field: string, message: string): PersistenceError {
  return new PersistenceError('INVALID_INPUT', `trading state: ${field} ${message}`, { field });
}

function label(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(field, 'must be a non-empty string');
  if (value.length > MAX_LABEL) throw invalid(field, `must be at most ${MAX_LABEL} characters`);
  return value;
}

function instant(value: unknown): Date {
  const at =
    value instanceof Date
      ? value
      : typeof value === 'string' || typeof value === 'number'
        ? new Date(value)
        : null;
  if (at === null || Number.isNaN(at.getTime())) throw invalid('at', 'must be a valid date');
  return at;
}

interface Row {
  id: bigint;
  scope: string;
  state: string;
  actor: string;
  reason: string;
  at: Date;
}

function stored(row: Row): StoredTradingState {
  // The column is an enum of exactly these values; a mismatch means the schema and the code disagree.
  if (!isTradingState(row.state))
    throw new Error(`trading_state_changes row ${row.id} has state ${row.state}`);
  return {
    id: row.id.toString(),
    scope: row.scope,
    state: row.state,
    actor: row.actor,
    reason: row.reason,
    at: row.at.getTime(),
  };
}

function refuseChange(scope: string, from: TradingState, to: TradingState, rearm: boolean): void {
  const refusal = tradingStateChangeRefusal(from, to, { rearm });
  if (refusal !== undefined)
    throw new PersistenceError('TRADING_STATE_REFUSED', refusal, { scope, from, to });
}

async function openPositionsOf(
  tx: Prisma.TransactionClient,
  scope: string,
  mode: TradingMode | undefined,
): Promise<OpenPositionRecord[]> {
  const rows = await tx.position.findMany({
    where: {
      netQuantity: { not: 0 },
      ...(scope === ACCOUNT_SCOPE ? {} : { strategyId: scope }),
      ...(mode === undefined ? {} : { mode }),
    },
    orderBy: [{ strategyId: 'asc' }, { instrument: 'asc' }],
  });
  return rows.map((r) => ({
    strategyId: r.strategyId,
    instrument: r.instrument,
    netQuantity: toDomainDecimal(r.netQuantity),
  }));
}

function initial(scope: string): StoredTradingState {
  return { ...INITIAL_TRADING_STATE, id: null, scope };
}

/**
 * The persisted trading state (ACTIVE | REDUCING | HALTED) per scope, as an append-only history in
 * `trading_state_changes`: the newest row of a scope is the state in force. Writers call `change` BEFORE
 * acting on the new state (publishing KILL_SWITCH, refusing orders), so a process that restarts reads
 * the decision back with `current` instead of coming back armed. A scope never written is ACTIVE.
 */
@Injectable()
export class TradingStateRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The state in force for one scope. Throws when the database cannot be read: callers must not trade. */
  async current(scope: string = ACCOUNT_SCOPE): Promise<StoredTradingState> {
    label('scope', scope);
    const row = await this.prisma.tradingStateChange.findFirst({ where: { scope }, orderBy: { id: 'desc' } });
    return row ? stored(row) : initial(scope);
  }

  /**
   * The state that governs a strategy's orders: the strictest of the account's and the strategy's own
   * (the returned record is the one that decided, so its actor and reason explain a refusal).
   */
  async effective(strategyId?: string): Promise<StoredTradingState> {
    if (strategyId === undefined || strategyId === ACCOUNT_SCOPE) return this.current(ACCOUNT_SCOPE);
    label('strategyId', strategyId);
    // Asked before every child order: both scopes' newest rows in one round trip, on the (scope, id) index.
    const rows = await this.prisma.$queryRaw<Array<Omit<Row, 'at'> & { at: Date | string }>>`
      SELECT DISTINCT ON (scope) id, scope, state::text AS state, actor, reason, at
      FROM trading_state_changes
      WHERE scope IN (${ACCOUNT_SCOPE}, ${strategyId})
      ORDER BY scope, id DESC`;
    const newest = (scope: string) => {
      const row = rows.find((r) => r.scope === scope);
      return row ? stored({ ...row, id: BigInt(row.id), at: new Date(row.at) }) : initial(scope);
    };
    const account = newest(ACCOUNT_SCOPE);
    const strategy = newest(strategyId);
    return strictestTradingState(account.state, strategy.state) === account.state ? account : strategy;
  }

  /**
   * Appends a change and returns the state before and after it. Serialised per scope (a transaction-scoped
   * advisory lock), so two writers cannot both read ACTIVE and interleave; the rules of
   * `tradingStateChangeRefusal` (only a re-arm leaves HALTED) are checked against the row actually in
   * force. Engaging HALTED while already HALTED is recorded too: every press of the switch is audited.
   */
  async change(request: TradingStateChangeRequest): Promise<TradingStateChangeResult> {
    const scope = label('scope', request.scope ?? ACCOUNT_SCOPE);
    if (!isTradingState(request.state)) throw invalid('state', 'must be one of ACTIVE, REDUCING, HALTED');
    const actor = label('actor', request.actor);
    if (typeof request.reason !== 'string' || request.reason.trim() === '')
      throw invalid('reason', 'must be a non-empty string');
    const at = instant(request.at);
    const rearm = request.rearm === true;

    return this.locked(scope, async (tx, previous) => {
      refuseChange(scope, previous.state, request.state, rearm);
      const row = await tx.tradingStateChange.create({
        data: { scope, state: request.state, actor, reason: request.reason, at },
      });
      return { previous, current: stored(row) };
    });
  }

  /**
   * The explicit, audited way out of HALTED (REST, Telegram and the CLI all come here). Refused while a
   * position of the scope is still open — while HALTED nothing can open one, so it predates the kill and
   * the flattening did not close it — unless `force`, which the stored reason then says, with the count.
   */
  async rearm(
    request: RearmRequest,
  ): Promise<TradingStateChangeResult & { openPositions: OpenPositionRecord[] }> {
    const scope = label('scope', request.scope ?? ACCOUNT_SCOPE);
    const to = request.to ?? 'ACTIVE';
    if (to !== 'ACTIVE' && to !== 'REDUCING') throw invalid('to', 'must be ACTIVE or REDUCING');
    const actor = label('actor', request.actor);
    if (typeof request.reason !== 'string' || request.reason.trim() === '')
      throw invalid('reason', 'must be a non-empty string');
    const at = instant(request.at);
    const force = request.force === true;

    return this.locked(scope, async (tx, previous) => {
      const openPositions = await openPositionsOf(tx, scope, request.mode);
      const refusal = rearmRefusal({
        state: previous.state,
        openPositions: openPositions.map((p) => ({ instrument: p.instrument, quantity: p.netQuantity })),
        force,
      });
      if (refusal !== undefined)
        throw new PersistenceError('TRADING_STATE_REFUSED', refusal, {
          scope,
          from: previous.state,
          to,
          openPositions: openPositions.length,
        });
      refuseChange(scope, previous.state, to, true);
      const reason =
        force && openPositions.length > 0
          ? `${request.reason} (forced with ${openPositions.length} open position(s))`
          : request.reason;
      const row = await tx.tradingStateChange.create({ data: { scope, state: to, actor, reason, at } });
      return { previous, current: stored(row), openPositions };
    });
  }

  /** Runs `work` with the scope's state in force, serialised against every other writer of the scope. */
  private locked<T>(
    scope: string,
    work: (tx: Prisma.TransactionClient, previous: StoredTradingState) => Promise<T>,
  ): Promise<T> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`trading_state:${scope}`}))`;
      const last = await tx.tradingStateChange.findFirst({ where: { scope }, orderBy: { id: 'desc' } });
      return work(tx, last ? stored(last) : initial(scope));
    });
  }

  /** Past changes, newest first: of one scope, or of every scope when none is given. */
  async history(options: { scope?: string; limit?: number } = {}): Promise<StoredTradingState[]> {
    const limit = options.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
      throw invalid('limit', 'must be an integer from 1 to 10000');
    const where = options.scope === undefined ? {} : { scope: label('scope', options.scope) };
    const rows = await this.prisma.tradingStateChange.findMany({
      where,
      orderBy: { id: 'desc' },
      take: limit,
    });
    return rows.map(stored);
  }
}
