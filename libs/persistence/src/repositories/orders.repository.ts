import { Injectable } from '@nestjs/common';

import {
  type Fill as FillMessage,
  type OrderEvent as OrderEventMessage,
  type OrderLeg,
} from '@dalal/contracts';
import {
  applyFillToPosition,
  dec,
  isForwardStatusChange,
  type Decimal,
  type OrderStatus,
  type Position,
} from '@dalal/domain';

import { type Prisma, type PrismaClient, type TradingMode } from '../generated/prisma/client';
import { PersistenceError } from '../errors/persistence-error';
import { PrismaService } from '../prisma.service';
import { toDomainDecimal, toDomainDecimalOrNull } from './decimal';
import { isUniqueViolation } from './prisma-errors';

export interface NewOrder {
  clientOrderId: string;
  intentId?: string;
  strategyId: string;
  sessionId?: string;
  mode: TradingMode;
  broker: string;
  leg: OrderLeg;
  /** When order-execution wrote the order, before calling the broker. */
  at: string | Date;
  /** Envelope id of the order request, recorded on the first event. */
  messageId?: string;
}

export interface StoredOrder {
  id: number;
  clientOrderId: string;
  brokerOrderId: string | null;
  intentId: string | null;
  strategyId: string;
  mode: TradingMode;
  broker: string;
  instrument: string;
  exchange: string;
  side: 'BUY' | 'SELL';
  orderType: string;
  product: string;
  validity: string;
  role: string;
  sessionId: string | null;
  quantity: Decimal;
  price: Decimal | null;
  triggerPrice: Decimal | null;
  state: OrderStatus;
  filledQuantity: Decimal;
  averagePrice: Decimal | null;
  reason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface PositionKey {
  mode: TradingMode;
  strategyId: string;
  exchange: string;
  instrument: string;
}

export interface StoredPosition extends Position, PositionKey {
  lastFillId: string | null;
  updatedAt: Date;
}

export type SubmitOutcome = { outcome: 'recorded' | 'duplicate'; order: StoredOrder };
/** `stale`: the event would move the order backwards (a late acknowledgement); nothing was written. */
export type EventOutcome = { outcome: 'recorded' | 'duplicate' | 'stale'; order: StoredOrder };
export type FillOutcome = { outcome: 'applied' | 'duplicate'; position: StoredPosition };

type Tx = Prisma.TransactionClient;

/**
 * The order book of record. Every write is idempotent, keyed by clientOrderId, by (order, state, filled
 * quantity) for events and by fillId for fills, so a redelivered bus message changes nothing; and every
 * pair of writes that must agree (an event and the order's state, a fill and its position) shares one
 * transaction.
 */
@Injectable()
export class OrdersRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Writes the order as PENDING_SUBMIT with its first event. A second call with the same id is refused. */
  async recordOrderSubmitted(input: NewOrder): Promise<SubmitOutcome> {
    const at = new Date(input.at);
    const { leg } = input;
    try {
      const order = await this.client.$transaction(async (tx) => {
        const created = await tx.order.create({
          data: {
            clientOrderId: input.clientOrderId,
            intentId: input.intentId ?? null,
            strategyId: input.strategyId,
            sessionId: input.sessionId ?? null,
            mode: input.mode,
            broker: input.broker,
            instrument: leg.instrument,
            exchange: leg.exchange,
            side: leg.side,
            orderType: leg.orderType,
            product: leg.product,
            validity: leg.validity,
            role: leg.role,
            quantity: leg.quantity.toString(),
            price: leg.price ?? null,
            triggerPrice: leg.triggerPrice ?? null,
            state: 'PENDING_SUBMIT',
            createdAt: at,
            updatedAt: at,
          },
        });
        await tx.orderEvent.create({
          data: {
            orderId: created.id,
            clientOrderId: created.clientOrderId,
            messageId: input.messageId ?? null,
            state: 'PENDING_SUBMIT',
            filledQuantity: 0,
            at,
          },
        });
        return created;
      });
      return { outcome: 'recorded', order: toStoredOrder(order) };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      return { outcome: 'duplicate', order: await this.requireOrder(input.clientOrderId) };
    }
  }

  /** Appends one state transition and moves the order to it, or reports a redelivery or a stale event. */
  async recordOrderEvent(event: OrderEventMessage, messageId?: string): Promise<EventOutcome> {
    const filled = dec(event.filledQuantity);
    return this.client.$transaction(async (tx) => {
      const current = await lockOrder(tx, event.clientOrderId);
      const seen = await tx.orderEvent.findFirst({
        where: {
          OR: [
            { orderId: current.id, state: event.state, filledQuantity: filled.toString() },
            ...(messageId ? [{ messageId }] : []),
          ],
        },
        select: { id: true },
      });
      if (seen) return { outcome: 'duplicate', order: current };
      if (!isForwardStatusChange(current.state, current.filledQuantity, event.state, filled)) {
        return { outcome: 'stale', order: current };
      }
      const at = new Date(event.at);
      await tx.orderEvent.create({
        data: {
          orderId: current.id,
          clientOrderId: current.clientOrderId,
          messageId: messageId ?? null,
          state: event.state,
          previousState: current.state,
          filledQuantity: filled.toString(),
          averagePrice: event.averagePrice ?? null,
          brokerOrderId: event.brokerOrderId ?? null,
          reason: event.reason ?? null,
          at,
        },
      });
      const updated = await tx.order.update({
        where: { id: current.id },
        data: {
          state: event.state,
          filledQuantity: filled.toString(),
          averagePrice: event.averagePrice ?? undefined,
          brokerOrderId: event.brokerOrderId ?? undefined,
          reason: event.reason ?? undefined,
          updatedAt: at,
        },
      });
      return { outcome: 'recorded', order: toStoredOrder(updated) };
    });
  }

  /**
   * Records a fill and moves its position with `applyFillToPosition` from @dalal/domain, in one
   * transaction. A fill already recorded (same fillId) leaves both untouched.
   */
  async applyFill(fill: FillMessage, messageId?: string): Promise<FillOutcome> {
    try {
      return await this.client.$transaction(async (tx) => {
        const order = await tx.order.findUnique({ where: { clientOrderId: fill.clientOrderId } });
        if (!order) {
          throw new PersistenceError(
            'ORDER_NOT_FOUND',
            `fill ${fill.fillId} names unknown order ${fill.clientOrderId}`,
            {
              clientOrderId: fill.clientOrderId,
              fillId: fill.fillId,
            },
          );
        }
        const key: PositionKey = {
          mode: order.mode,
          strategyId: fill.strategyId,
          exchange: fill.exchange,
          instrument: fill.instrument,
        };
        const existing = await tx.fill.findUnique({ where: { fillId: fill.fillId }, select: { id: true } });
        if (existing) return { outcome: 'duplicate', position: await readPosition(tx, key) };
        // The fill goes in first: a concurrent redelivery then fails on the unique fillId and rolls back whole.
        await tx.fill.create({
          data: {
            fillId: fill.fillId,
            orderId: order.id,
            clientOrderId: fill.clientOrderId,
            messageId: messageId ?? null,
            strategyId: fill.strategyId,
            instrument: fill.instrument,
            exchange: fill.exchange,
            side: fill.side,
            quantity: fill.quantity.toString(),
            price: fill.price,
            charges: fill.charges,
            filledAt: new Date(fill.filledAt),
          },
        });
        const before = await lockPosition(tx, key, new Date(fill.filledAt));
        const after = applyFillToPosition(before, {
          side: fill.side,
          quantity: dec(fill.quantity),
          price: dec(fill.price),
        });
        const row = await tx.position.update({
          where: { mode_strategyId_exchange_instrument: key },
          data: {
            netQuantity: after.netQuantity.toString(),
            openCost: after.openCost.toString(),
            realizedPnl: after.realizedPnl.toString(),
            lastFillId: fill.fillId,
            updatedAt: new Date(fill.filledAt),
          },
        });
        return { outcome: 'applied', position: toStoredPosition(row) };
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const order = await this.requireOrder(fill.clientOrderId);
      return {
        outcome: 'duplicate',
        position: await readPosition(this.client, {
          mode: order.mode,
          strategyId: fill.strategyId,
          exchange: fill.exchange,
          instrument: fill.instrument,
        }),
      };
    }
  }

  async findOrder(clientOrderId: string): Promise<StoredOrder | null> {
    const row = await this.client.order.findUnique({ where: { clientOrderId } });
    return row ? toStoredOrder(row) : null;
  }

  /** Orders in the given states, oldest first; on restart, PENDING_SUBMIT ones are asked about before any resend. */
  async findOrdersInState(states: readonly OrderStatus[]): Promise<StoredOrder[]> {
    const rows = await this.client.order.findMany({
      where: { state: { in: [...states] } },
      orderBy: { id: 'asc' },
    });
    return rows.map(toStoredOrder);
  }

  async orderHistory(
    clientOrderId: string,
  ): Promise<Array<{ state: OrderStatus; filledQuantity: Decimal; at: Date }>> {
    const rows = await this.client.orderEvent.findMany({ where: { clientOrderId }, orderBy: { id: 'asc' } });
    return rows.map((r) => ({ state: r.state, filledQuantity: toDomainDecimal(r.filledQuantity), at: r.at }));
  }

  async position(key: PositionKey): Promise<StoredPosition> {
    return readPosition(this.client, key);
  }

  async openPositions(mode: TradingMode): Promise<StoredPosition[]> {
    const rows = await this.client.position.findMany({
      where: { mode, NOT: { netQuantity: 0 } },
      orderBy: { id: 'asc' },
    });
    return rows.map(toStoredPosition);
  }

  private get client(): PrismaClient {
    return this.prisma;
  }

  private async requireOrder(clientOrderId: string): Promise<StoredOrder> {
    const order = await this.findOrder(clientOrderId);
    if (!order) throw new PersistenceError('ORDER_NOT_FOUND', `no order ${clientOrderId}`, { clientOrderId });
    return order;
  }
}

async function lockOrder(tx: Tx, clientOrderId: string): Promise<StoredOrder> {
  const locked = await tx.$queryRaw<Array<{ id: number }>>`
    SELECT id FROM orders WHERE client_order_id = ${clientOrderId} FOR UPDATE`;
  const id = locked[0]?.id;
  if (id === undefined) {
    throw new PersistenceError('ORDER_NOT_FOUND', `event for unknown order ${clientOrderId}`, {
      clientOrderId,
    });
  }
  return toStoredOrder(await tx.order.findUniqueOrThrow({ where: { id } }));
}

/** Creates the flat row if needed and locks it, so concurrent fills on one position serialize. */
async function lockPosition(tx: Tx, key: PositionKey, at: Date): Promise<Position> {
  await tx.$executeRaw`
    INSERT INTO positions (mode, strategy_id, exchange, instrument, net_quantity, open_cost, realized_pnl, updated_at)
    VALUES (${key.mode}::"TradingMode", ${key.strategyId}, ${key.exchange}, ${key.instrument}, 0, 0, 0, ${at})
    ON CONFLICT (mode, strategy_id, exchange, instrument) DO NOTHING`;
  const rows = await tx.$queryRaw<Array<{ net: string; cost: string; realized: string }>>`
    SELECT net_quantity::text AS net, open_cost::text AS cost, realized_pnl::text AS realized
    FROM positions
    WHERE mode = ${key.mode}::"TradingMode" AND strategy_id = ${key.strategyId}
      AND exchange = ${key.exchange} AND instrument = ${key.instrument}
    FOR UPDATE`;
  const row = rows[0]!;
  return { netQuantity: dec(row.net), openCost: dec(row.cost), realizedPnl: dec(row.realized) };
}

async function readPosition(client: Tx | PrismaClient, key: PositionKey): Promise<StoredPosition> {
  const row = await client.position.findUnique({ where: { mode_strategyId_exchange_instrument: key } });
  if (row) return toStoredPosition(row);
  return {
    ...key,
    netQuantity: dec(0),
    openCost: dec(0),
    realizedPnl: dec(0),
    lastFillId: null,
    updatedAt: new Date(0),
  };
}

type OrderRow = Awaited<ReturnType<PrismaClient['order']['findUniqueOrThrow']>>;
type PositionRow = Awaited<ReturnType<PrismaClient['position']['findUniqueOrThrow']>>;

function toStoredOrder(row: OrderRow): StoredOrder {
  return {
    id: row.id,
    clientOrderId: row.clientOrderId,
    brokerOrderId: row.brokerOrderId,
    intentId: row.intentId,
    strategyId: row.strategyId,
    mode: row.mode,
    broker: row.broker,
    instrument: row.instrument,
    exchange: row.exchange,
    side: row.side,
    orderType: row.orderType,
    product: row.product,
    validity: row.validity,
    role: row.role,
    sessionId: row.sessionId,
    quantity: toDomainDecimal(row.quantity),
    price: toDomainDecimalOrNull(row.price),
    triggerPrice: toDomainDecimalOrNull(row.triggerPrice),
    state: row.state,
    filledQuantity: toDomainDecimal(row.filledQuantity),
    averagePrice: toDomainDecimalOrNull(row.averagePrice),
    reason: row.reason,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function toStoredPosition(row: PositionRow): StoredPosition {
  return {
    mode: row.mode,
    strategyId: row.strategyId,
    exchange: row.exchange,
    instrument: row.instrument,
    netQuantity: toDomainDecimal(row.netQuantity),
    openCost: toDomainDecimal(row.openCost),
    realizedPnl: toDomainDecimal(row.realizedPnl),
    lastFillId: row.lastFillId,
    updatedAt: row.updatedAt,
  };
}
