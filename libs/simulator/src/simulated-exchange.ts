export type SimSide = 'BUY' | 'SELL';
export type SimOrderType = 'MARKET' | 'LIMIT' | 'STOP';

export interface SimOrder {
  readonly id: string;
  readonly instrument: string;
  readonly side: SimSide;
  readonly quantity: number;
  readonly type: SimOrderType;
  /** LIMIT: the worst acceptable price. */
  readonly limitPrice?: number;
  /** STOP: becomes a market order once the price trades through this. */
  readonly triggerPrice?: number;
}

export interface SimBar {
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
}

export interface SimFill {
  readonly orderId: string;
  readonly instrument: string;
  readonly side: SimSide;
  readonly quantity: number;
  readonly price: number;
  readonly time: number;
}

export interface SimulatedExchangeOptions {
  /** Price units added to buys and taken from sells on market and triggered stop fills. */
  readonly slippage: number;
  readonly tickSize: number;
}

/**
 * A pure matching model over bars, the core of the paper broker. Orders wait for the next bar of their
 * instrument: a market order fills at that bar's open plus slippage; a limit fills at the open when the
 * open is already better, else at the limit if the bar's range reaches it; a stop triggers at the open
 * when it gaps through, else at the trigger when the range reaches it, then fills with slippage. Fills are
 * whole (no partials) and prices land on the tick grid, never below one tick.
 */
export class SimulatedExchange {
  private readonly pending = new Map<string, SimOrder[]>();
  private count = 0;

  constructor(private readonly options: SimulatedExchangeOptions) {}

  submit(order: SimOrder): void {
    if (!(order.quantity > 0)) throw new Error(`order ${order.id}: quantity must be positive`);
    if (order.type === 'LIMIT' && !(order.limitPrice! > 0))
      throw new Error(`order ${order.id}: limit needs a price`);
    if (order.type === 'STOP' && !(order.triggerPrice! > 0))
      throw new Error(`order ${order.id}: stop needs a trigger`);
    const list = this.pending.get(order.instrument);
    if (list) list.push(order);
    else this.pending.set(order.instrument, [order]);
    this.count++;
  }

  cancel(orderId: string): boolean {
    for (const [instrument, list] of this.pending) {
      const at = list.findIndex((order) => order.id === orderId);
      if (at >= 0) {
        list.splice(at, 1);
        if (list.length === 0) this.pending.delete(instrument);
        this.count--;
        return true;
      }
    }
    return false;
  }

  get hasPending(): boolean {
    return this.count > 0;
  }

  /** Instruments with working orders (the caller feeds their bars). */
  pendingInstruments(): string[] {
    return [...this.pending.keys()];
  }

  /** Matches the instrument's working orders against its next bar; returns the fills in order. */
  onBar(instrument: string, bar: SimBar): SimFill[] {
    const list = this.pending.get(instrument);
    if (!list) return [];
    const fills: SimFill[] = [];
    const remaining: SimOrder[] = [];
    for (const order of list) {
      const price = this.match(order, bar);
      if (price === undefined) remaining.push(order);
      else
        fills.push({
          orderId: order.id,
          instrument,
          side: order.side,
          quantity: order.quantity,
          price,
          time: bar.time,
        });
    }
    this.count -= fills.length;
    if (remaining.length === 0) this.pending.delete(instrument);
    else this.pending.set(instrument, remaining);
    return fills;
  }

  private match(order: SimOrder, bar: SimBar): number | undefined {
    const buy = order.side === 'BUY';
    const slip = buy ? this.options.slippage : -this.options.slippage;
    switch (order.type) {
      case 'MARKET':
        return this.tick(bar.open + slip);
      case 'LIMIT': {
        const limit = order.limitPrice!;
        if (buy ? bar.open <= limit : bar.open >= limit) return this.tick(bar.open);
        if (buy ? bar.low <= limit : bar.high >= limit) return this.tick(limit);
        return undefined;
      }
      case 'STOP': {
        const trigger = order.triggerPrice!;
        if (buy ? bar.open >= trigger : bar.open <= trigger) return this.tick(bar.open + slip);
        if (buy ? bar.high >= trigger : bar.low <= trigger) return this.tick(trigger + slip);
        return undefined;
      }
    }
  }

  private tick(price: number): number {
    const tick = this.options.tickSize;
    const steps = Math.round(price / tick);
    return Number((Math.max(steps, 1) * tick).toFixed(8));
  }
}
