import { type Fill, type OrderEvent, type OrderRequest } from '@dalal/contracts';
import { Decimal, ZERO } from '@dalal/domain';
import { type ResolvedLeg } from '@dalal/kernel';

/** One leg of the runner's trade: what a set holds, what risk approved, what has filled. */
interface BookLeg {
  readonly leg: ResolvedLeg;
  /** Units risk approved for the entry; null until the approved order request is seen. */
  approved: number | null;
  entryFilled: number;
  entryNotional: Decimal;
  exitFilled: number;
}

export interface BookTrade {
  readonly tradeId: string;
  readonly tag: string;
  readonly lotSize: number;
  readonly legs: readonly BookLeg[];
  phase: 'ENTERING' | 'OPEN' | 'EXITING';
  exitIntentId: string | null;
  /** The trade's child orders (entry and exit) by clientOrderId: which leg, which side of the trade. */
  readonly orders: Map<string, { readonly instrument: string; readonly exit: boolean }>;
  /** Fill instant of the last entry fill (epoch ms). */
  entryTime: number;
  entryUnderlying: number;
  barsHeld: number;
}

export interface HeldLeg {
  readonly leg: ResolvedLeg;
  readonly quantity: number;
  readonly entryPrice: number;
}

/**
 * The runner's own book, built only from its intents and what the bus says happened to them: the entry
 * is pending until risk approved it and every leg filled the approved quantity, open after, and flat
 * once the exit filled what was held. A rejected entry leaves it flat; a rejected exit leaves it open.
 */
export class RunnerBook {
  private current: BookTrade | null = null;
  private entriesDay = '';
  private entries = 0;

  get trade(): BookTrade | null {
    return this.current;
  }

  get pending(): boolean {
    return this.current !== null && this.current.phase !== 'OPEN';
  }

  entriesToday(date: string): number {
    return date === this.entriesDay ? this.entries : 0;
  }

  /** The legs held now, with the quantity filled and its average price. */
  held(): HeldLeg[] {
    return (this.current?.legs ?? [])
      .filter((l) => l.entryFilled - l.exitFilled > 0)
      .map((l) => ({
        leg: l.leg,
        quantity: l.entryFilled - l.exitFilled,
        entryPrice: l.entryNotional.dividedBy(l.entryFilled).toNumber(),
      }));
  }

  entered(tradeId: string, tag: string, lotSize: number, legs: readonly ResolvedLeg[]): void {
    this.current = {
      tradeId,
      tag,
      lotSize,
      legs: legs.map((leg) => ({
        leg,
        approved: null,
        entryFilled: 0,
        entryNotional: ZERO,
        exitFilled: 0,
      })),
      phase: 'ENTERING',
      exitIntentId: null,
      orders: new Map(),
      entryTime: 0,
      entryUnderlying: 0,
      barsHeld: 0,
    };
  }

  exiting(intentId: string): void {
    if (this.current === null) return;
    this.current.phase = 'EXITING';
    this.current.exitIntentId = intentId;
  }

  approved(request: OrderRequest, context: FillContext): void {
    const trade = this.current;
    if (trade === null) return;
    const exit = request.action === 'EXIT' && request.intentId === trade.exitIntentId;
    if (!exit && !(request.action === 'ENTER' && request.intentId === trade.tradeId)) return;
    for (const { clientOrderId, leg } of request.legs)
      trade.orders.set(clientOrderId, { instrument: leg.instrument, exit });
    if (exit) return;
    for (const leg of trade.legs) {
      leg.approved = request.legs
        .filter((l) => l.leg.instrument === leg.leg.instrument)
        .reduce((sum, l) => sum + l.leg.quantity, 0);
    }
    this.settle(context);
  }

  rejected(intentId: string): void {
    const trade = this.current;
    if (trade === null) return;
    if (trade.phase === 'ENTERING' && intentId === trade.tradeId) this.current = null;
    else if (trade.phase === 'EXITING' && intentId === trade.exitIntentId) {
      trade.phase = 'OPEN';
      trade.exitIntentId = null;
    }
  }

  /** Applies a fill of this runner's intents; returns false when it belongs to none of them. */
  fill(fill: Fill, context: FillContext): boolean {
    const trade = this.current;
    if (trade === null) return false;
    const leg = trade.legs.find((l) => l.leg.instrument === fill.instrument);
    if (leg === undefined) return false;
    if (fill.intentId !== undefined && fill.intentId === trade.tradeId && fill.side === leg.leg.side) {
      leg.entryFilled += fill.quantity;
      leg.entryNotional = leg.entryNotional.plus(new Decimal(fill.price).times(fill.quantity));
      trade.entryTime = Date.parse(fill.filledAt);
    } else if (
      (fill.intentId !== undefined && fill.intentId === trade.exitIntentId) ||
      // Not only its own exit closes the trade: the risk manager's square-off, a kill-switch flatten or
      // an operator's exit sell what the strategy holds under intents of their own.
      (trade.phase !== 'ENTERING' && fill.side !== leg.leg.side)
    ) {
      leg.exitFilled += fill.quantity;
      if (trade.phase === 'OPEN') trade.phase = 'EXITING';
    } else return false;
    this.settle(context);
    return true;
  }

  /**
   * An order of the trade ended unfilled (the broker rejected it, or it was cancelled): the entry is
   * settled on what did fill (flat when nothing did); an exit that did not go through leaves the trade open.
   */
  orderEvent(event: OrderEvent, context: FillContext): boolean {
    const trade = this.current;
    if (trade === null || (event.state !== 'REJECTED' && event.state !== 'CANCELLED')) return false;
    const order = trade.orders.get(event.clientOrderId);
    if (order === undefined) return false;
    const leg = trade.legs.find((l) => l.leg.instrument === order.instrument);
    const unfilled = event.quantity - event.filledQuantity;
    if (leg === undefined || unfilled <= 0) return false;
    if (!order.exit && trade.phase === 'ENTERING') {
      leg.approved = Math.max(0, (leg.approved ?? 0) - unfilled);
      if (trade.legs.every((l) => l.approved === 0 && l.entryFilled === 0)) {
        this.current = null;
        return true;
      }
    } else if (order.exit && trade.phase === 'EXITING') {
      trade.phase = 'OPEN';
      trade.exitIntentId = null;
    }
    this.settle(context);
    return true;
  }

  /** A closed strategy bar: an open trade has been held one bar longer. */
  bar(): void {
    if (this.current?.phase === 'OPEN' || this.current?.phase === 'EXITING') this.current.barsHeld++;
  }

  private settle(context: FillContext): void {
    const trade = this.current;
    if (trade === null) return;
    if (
      trade.phase === 'ENTERING' &&
      trade.legs.every((l) => l.approved !== null && l.entryFilled >= l.approved) &&
      trade.legs.some((l) => l.entryFilled > 0)
    ) {
      trade.phase = 'OPEN';
      trade.entryUnderlying = context.underlying;
      if (this.entriesDay !== context.date) {
        this.entriesDay = context.date;
        this.entries = 0;
      }
      this.entries++;
    }
    if (trade.phase === 'EXITING' && trade.legs.every((l) => l.exitFilled >= l.entryFilled)) {
      this.current = null;
    }
  }
}

/** Market facts at the moment a fill lands: the underlying's last price and the IST date. */
export interface FillContext {
  readonly underlying: number;
  readonly date: string;
}
