import { type BrokerAdapter } from '@dalal/brokers';

import { type ExecutionEvents } from './execution-events';
import { type ExecutionStore, type TradingMode } from './execution-store';
import { type TradingGuard } from './trading-guard';

export interface Mismatch {
  instrument: string;
  ours: number;
  broker: number;
}

/**
 * Compares our book with the broker's: net quantity per instrument, and our live orders with the broker's
 * open orders carrying our tags. A difference raises an alert and blocks new entries until an operator
 * acknowledges it (control ACK_RECONCILIATION).
 */
export class Reconciler {
  constructor(
    private readonly deps: {
      store: ExecutionStore;
      broker: BrokerAdapter;
      events: ExecutionEvents;
      guard: TradingGuard;
      mode: TradingMode;
    },
  ) {}

  async reconcile(): Promise<Mismatch[]> {
    const { store, broker, mode } = this.deps;
    const [ourPositions, brokerPositions, ourLive, brokerOrders] = await Promise.all([
      store.positions(mode),
      broker.getPositions(),
      store.ordersInStates(['OPEN', 'PARTIALLY_FILLED']),
      broker.getOrders(),
    ]);
    const ours = new Map<string, number>();
    for (const p of ourPositions) ours.set(p.instrument, (ours.get(p.instrument) ?? 0) + p.netQuantity);
    const theirs = new Map<string, number>();
    for (const p of brokerPositions)
      theirs.set(p.instrument, (theirs.get(p.instrument) ?? 0) + p.netQuantity);

    const mismatches: Mismatch[] = [];
    for (const instrument of new Set([...ours.keys(), ...theirs.keys()])) {
      const a = ours.get(instrument) ?? 0;
      const b = theirs.get(instrument) ?? 0;
      if (a !== b) mismatches.push({ instrument, ours: a, broker: b });
    }

    const brokerOpen = new Set(
      brokerOrders
        .filter((o) => o.clientOrderId && (o.status === 'OPEN' || o.status === 'PARTIALLY_FILLED'))
        .map((o) => o.clientOrderId!),
    );
    const orderMismatches = ourLive
      .filter((o) => !brokerOpen.has(o.clientOrderId))
      .map((o) => o.clientOrderId);
    const strayAtBroker = [...brokerOpen].filter((id) => !ourLive.some((o) => o.clientOrderId === id));

    if (mismatches.length > 0 || orderMismatches.length > 0 || strayAtBroker.length > 0) {
      const summary = [
        ...mismatches.map((m) => `${m.instrument}: ours ${m.ours}, broker ${m.broker}`),
        ...orderMismatches.map((id) => `order ${id} open here, not at the broker`),
        ...strayAtBroker.map((id) => `order ${id} open at the broker, not here`),
      ].join('; ');
      this.deps.guard.blockEntries(`reconciliation mismatch: ${summary}`);
      await this.deps.events.alert({
        severity: 'CRITICAL',
        code: 'reconciliation_mismatch',
        message: `positions or orders differ from ${broker.broker}; new entries blocked until acknowledged: ${summary}`,
        details: { mismatches: mismatches.length, orders: orderMismatches.length + strayAtBroker.length },
      });
    }
    return mismatches;
  }
}
