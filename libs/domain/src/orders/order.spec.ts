import fc from 'fast-check';

import { DomainError } from '../errors/domain-error';
import { dec } from '../money/decimal';
import { fill, pendingOrder } from '../testing/builders';
import {
  applyEvent,
  applyFill,
  canApply,
  createOrder,
  isForwardStatusChange,
  type Order,
  remainingQuantity,
} from './order';
import { type OrderEvent, type OrderEventType } from './order-event';
import { isTerminalStatus, ORDER_STATUSES, type OrderStatus } from './order-status';

const AT = '2026-02-10T04:00:02.000Z';
const accepted: OrderEvent = { type: 'ACCEPTED', brokerOrderId: '250210000000001', at: AT };
const rejected: OrderEvent = { type: 'REJECTED', reason: 'RMS: margin exceeds', at: AT };
const cancelled: OrderEvent = { type: 'CANCELLED', reason: 'user cancel', at: AT };

/** An order of 130 (2 NIFTY lots) driven into `status` by legal events. */
function orderIn(status: OrderStatus): Order {
  const pending = pendingOrder(130);
  switch (status) {
    case 'PENDING_SUBMIT':
      return pending;
    case 'OPEN':
      return applyEvent(pending, accepted);
    case 'PARTIALLY_FILLED':
      return applyFill(applyEvent(pending, accepted), fill('t1', 65));
    case 'FILLED':
      return applyFill(applyEvent(pending, accepted), fill('t1', 130));
    case 'CANCELLED':
      return applyEvent(applyEvent(pending, accepted), cancelled);
    case 'REJECTED':
      return applyEvent(pending, rejected);
  }
}

function eventOf(type: OrderEventType): OrderEvent {
  switch (type) {
    case 'ACCEPTED':
      return accepted;
    case 'REJECTED':
      return rejected;
    case 'CANCELLED':
      return cancelled;
    case 'FILL':
      return { type: 'FILL', fill: fill('t-next', 65) };
  }
}

/** The whole transition table: [from, event, to | 'ILLEGAL']. */
const TABLE: [OrderStatus, OrderEventType, OrderStatus | 'ILLEGAL'][] = [
  ['PENDING_SUBMIT', 'ACCEPTED', 'OPEN'],
  ['PENDING_SUBMIT', 'REJECTED', 'REJECTED'],
  ['PENDING_SUBMIT', 'CANCELLED', 'CANCELLED'],
  ['PENDING_SUBMIT', 'FILL', 'PARTIALLY_FILLED'],
  ['OPEN', 'ACCEPTED', 'ILLEGAL'],
  ['OPEN', 'REJECTED', 'REJECTED'],
  ['OPEN', 'CANCELLED', 'CANCELLED'],
  ['OPEN', 'FILL', 'PARTIALLY_FILLED'],
  ['PARTIALLY_FILLED', 'ACCEPTED', 'ILLEGAL'],
  ['PARTIALLY_FILLED', 'REJECTED', 'ILLEGAL'],
  ['PARTIALLY_FILLED', 'CANCELLED', 'CANCELLED'],
  ['PARTIALLY_FILLED', 'FILL', 'FILLED'],
  ['FILLED', 'ACCEPTED', 'ILLEGAL'],
  ['FILLED', 'REJECTED', 'ILLEGAL'],
  ['FILLED', 'CANCELLED', 'ILLEGAL'],
  ['FILLED', 'FILL', 'ILLEGAL'],
  ['CANCELLED', 'ACCEPTED', 'ILLEGAL'],
  ['CANCELLED', 'REJECTED', 'ILLEGAL'],
  ['CANCELLED', 'CANCELLED', 'ILLEGAL'],
  ['CANCELLED', 'FILL', 'ILLEGAL'],
  ['REJECTED', 'ACCEPTED', 'ILLEGAL'],
  ['REJECTED', 'REJECTED', 'ILLEGAL'],
  ['REJECTED', 'CANCELLED', 'ILLEGAL'],
  ['REJECTED', 'FILL', 'ILLEGAL'],
];

describe('order state machine', () => {
  it('the table covers every status × event pair', () => {
    expect(TABLE).toHaveLength(ORDER_STATUSES.length * 4);
  });

  describe.each(TABLE.filter(([, , to]) => to === 'ILLEGAL'))('illegal: %s + %s', (from, event) => {
    it('throws ILLEGAL_TRANSITION and leaves the order untouched', () => {
      const order = orderIn(from);
      const snapshot = JSON.stringify(order);
      expect(canApply(from, event)).toBe(false);
      let thrown: unknown;
      try {
        applyEvent(order, eventOf(event));
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(DomainError);
      expect(thrown).toMatchObject({ code: 'ILLEGAL_TRANSITION', details: { from, event } });
      expect(JSON.stringify(order)).toBe(snapshot);
    });
  });

  it.each(TABLE.filter(([, , to]) => to !== 'ILLEGAL'))('legal: %s + %s → %s', (from, event, to) => {
    expect(canApply(from, event)).toBe(true);
    expect(applyEvent(orderIn(from), eventOf(event)).status).toBe(to);
  });
});

describe('an order through its life', () => {
  it('NIFTY CE buy of 2 lots: accepted, filled 65 @ 120.50 then 65 @ 121.00, averages 120.75', () => {
    let order = pendingOrder(130);
    order = applyEvent(order, accepted);
    expect(order.brokerOrderId).toBe('250210000000001');
    order = applyFill(order, fill('t1', 65, '120.50'));
    expect(order.status).toBe('PARTIALLY_FILLED');
    expect(remainingQuantity(order).toString()).toBe('65');
    order = applyFill(order, fill('t2', 65, '121.00'));
    expect(order.status).toBe('FILLED');
    expect(order.averageFillPrice?.toString()).toBe('120.75');
    expect(order.fillIds).toEqual(['t1', 't2']);
  });

  it('a market order filled before its acknowledgement goes straight to FILLED and learns its broker id', () => {
    const order = applyFill(pendingOrder(65), { ...fill('t1', 65), brokerOrderId: 'B-9' });
    expect(order.status).toBe('FILLED');
    expect(order.brokerOrderId).toBe('B-9');
  });

  it('the unfilled rest of a partly filled order is cancelled: the fill stays', () => {
    const order = applyEvent(applyFill(applyEvent(pendingOrder(130), accepted), fill('t1', 65)), cancelled);
    expect(order.status).toBe('CANCELLED');
    expect(order.filledQuantity.toString()).toBe('65');
    expect(order.reason).toBe('user cancel');
  });

  it('a rejection records the broker reason', () => {
    expect(applyEvent(pendingOrder(), rejected).reason).toBe('RMS: margin exceeds');
  });

  it('refuses a fill that would overfill the order', () => {
    const open = applyEvent(pendingOrder(130), accepted);
    expect(() => applyFill(applyFill(open, fill('t1', 65)), fill('t2', 130))).toThrow(
      expect.objectContaining({ code: 'OVERFILL' }),
    );
  });

  it('refuses the same trade id twice (at-least-once delivery)', () => {
    const once = applyFill(applyEvent(pendingOrder(130), accepted), fill('t1', 65));
    expect(() => applyFill(once, fill('t1', 65))).toThrow(
      expect.objectContaining({ code: 'DUPLICATE_FILL' }),
    );
  });

  it.each([
    ['zero quantity', fill('t1', 0)],
    ['a zero price', fill('t1', 65, '0')],
    ['a negative quantity', fill('t1', -65)],
  ])('refuses a fill with %s', (_name, bad) => {
    expect(() => applyFill(pendingOrder(), bad)).toThrow(expect.objectContaining({ code: 'INVALID_FILL' }));
  });

  it('refuses to create an order for zero quantity', () => {
    const order = pendingOrder();
    expect(() =>
      createOrder({
        clientOrderId: 'x',
        instrument: order.instrument,
        request: { ...order, quantity: dec(0) },
        createdAt: AT,
      }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_QUANTITY' }));
  });
});

/** Progress of a status: transitions may only keep or raise it. */
const rank = (status: OrderStatus): number => Math.min(ORDER_STATUSES.indexOf(status), 3);

describe('order properties under random event sequences', () => {
  const eventArb: fc.Arbitrary<OrderEvent> = fc.oneof(
    fc.constant(accepted),
    fc.constant(rejected),
    fc.constant(cancelled),
    fc
      .record({
        id: fc.integer({ min: 1, max: 8 }),
        lots: fc.integer({ min: 1, max: 4 }),
        ticks: fc.integer({ min: 1, max: 4000 }),
      })
      .map(({ id, lots, ticks }) => ({
        type: 'FILL' as const,
        fill: { fillId: `t${id}`, quantity: dec(lots * 65), price: dec(ticks).mul('0.05'), at: AT },
      })),
  );

  it('never overfills, never leaves a terminal state, and filled quantity only grows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(eventArb, { maxLength: 25 }), (lots, events) => {
        let order = pendingOrder(lots * 65);
        for (const event of events) {
          const before = order;
          try {
            order = applyEvent(order, event);
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            // A refused event changes nothing.
            expect(order).toBe(before);
            continue;
          }
          expect(isTerminalStatus(before.status)).toBe(false);
          expect(order.filledQuantity.gte(before.filledQuantity)).toBe(true);
          expect(order.filledQuantity.lte(order.quantity)).toBe(true);
          expect(order.status === 'FILLED').toBe(order.filledQuantity.eq(order.quantity));
          expect(rank(order.status)).toBeGreaterThanOrEqual(rank(before.status));
        }
      }),
    );
  });
});

describe('the state machine for news that arrives as a state (broker status, redelivered event)', () => {
  const zero = dec('0');
  it('moves forward only: acknowledged, part filled, filled', () => {
    expect(isForwardStatusChange('PENDING_SUBMIT', zero, 'OPEN', zero)).toBe(true);
    expect(isForwardStatusChange('OPEN', zero, 'PARTIALLY_FILLED', dec('25'))).toBe(true);
    expect(isForwardStatusChange('PARTIALLY_FILLED', dec('25'), 'PARTIALLY_FILLED', dec('50'))).toBe(true);
    expect(isForwardStatusChange('PARTIALLY_FILLED', dec('50'), 'FILLED', dec('75'))).toBe(true);
  });

  it('a repeat, a step back or a smaller fill changes nothing; terminal states are final', () => {
    expect(isForwardStatusChange('OPEN', zero, 'OPEN', zero)).toBe(false);
    expect(isForwardStatusChange('PARTIALLY_FILLED', dec('25'), 'PARTIALLY_FILLED', dec('25'))).toBe(false);
    expect(isForwardStatusChange('PARTIALLY_FILLED', dec('25'), 'OPEN', dec('25'))).toBe(false);
    expect(isForwardStatusChange('FILLED', dec('75'), 'CANCELLED', dec('75'))).toBe(false);
    expect(isForwardStatusChange('OPEN', dec('25'), 'FILLED', dec('10'))).toBe(false);
  });

  it('REJECTED only before any fill; CANCELLED from any live state', () => {
    expect(isForwardStatusChange('PENDING_SUBMIT', zero, 'REJECTED', zero)).toBe(true);
    expect(isForwardStatusChange('PARTIALLY_FILLED', dec('25'), 'REJECTED', dec('25'))).toBe(false);
    expect(isForwardStatusChange('PARTIALLY_FILLED', dec('25'), 'CANCELLED', dec('25'))).toBe(true);
  });
});
