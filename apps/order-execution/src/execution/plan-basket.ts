import { type OrderRequest } from '@dalal/contracts';
import { dec, sliceQuantity } from '@dalal/domain';

import { type ChildOrder } from './child-order';

/** Kite's tag, which carries our clientOrderId, holds 20 characters. */
export const MAX_CLIENT_ORDER_ID = 20;

export interface PlanOptions {
  /** Units per lot of each instrument; slicing keeps slices in whole lots. */
  lotSizeOf: (instrument: string) => number;
  /** Exchange freeze limit (max units per order) on the trading day, if the instrument has one. */
  freezeOf: (instrument: string) => number | undefined;
}

/**
 * The orders a request becomes, in the order they must go out: hedge legs first on entry (never naked
 * short), main legs first on exit (never a naked short left when a hedge is closed); each leg sliced
 * under the freeze limit, each slice with its own deterministic clientOrderId so a redelivered request
 * maps to the very same orders.
 */
export function planBasket(request: OrderRequest, options: PlanOptions): ChildOrder[] {
  const first = request.action === 'ENTER' ? 'HEDGE' : 'MAIN';
  const legs = [...request.legs].sort((a, b) => rank(a.leg.role, first) - rank(b.leg.role, first));
  return legs.flatMap(({ clientOrderId, leg }) => {
    const freeze = options.freezeOf(leg.instrument);
    if (freeze === undefined || leg.quantity <= freeze) {
      return [{ clientOrderId, intentId: request.intentId, strategyId: request.strategyId, leg }];
    }
    const slices = sliceQuantity(dec(leg.quantity), dec(freeze), dec(options.lotSizeOf(leg.instrument)));
    return slices.map((quantity, n) => ({
      clientOrderId: sliceId(clientOrderId, n),
      intentId: request.intentId,
      strategyId: request.strategyId,
      leg: { ...leg, quantity: quantity.toNumber() },
    }));
  });
}

function rank(role: 'MAIN' | 'HEDGE', first: 'MAIN' | 'HEDGE'): number {
  return role === first ? 0 : 1;
}

function sliceId(clientOrderId: string, n: number): string {
  return `${clientOrderId.slice(0, MAX_CLIENT_ORDER_ID - 3)}~${n.toString(36).padStart(2, '0')}`;
}
