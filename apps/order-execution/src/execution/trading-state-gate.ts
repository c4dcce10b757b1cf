import { type OrderPurpose, type TradingState, tradingStateRefusal } from '@dalal/risk';

/** The persisted trading state in force for a strategy (the account's and its own, strictest first). */
export interface TradingStateReader {
  effective(strategyId: string): Promise<{ state: TradingState; actor: string; reason: string }>;
}

/**
 * Asked before every child order goes to the broker: may an order of this strategy, for this purpose,
 * go out now? The answer comes from the persisted state (Postgres), read each time, so a restarted
 * process obeys a kill switch engaged before it died and every instance agrees. A KILL_SWITCH command
 * also halts this process at once, in memory, in case the database is slow or the publisher did not
 * persist it; a REARM command only lifts that local halt — the persisted state must say ACTIVE too.
 * When the state cannot be read, nothing is sent (fail closed).
 */
export class TradingStateGate {
  private localHalt: string | undefined;

  constructor(private readonly reader: TradingStateReader) {}

  halt(reason: string): void {
    this.localHalt = reason;
  }

  liftLocalHalt(): void {
    this.localHalt = undefined;
  }

  get haltedLocally(): boolean {
    return this.localHalt !== undefined;
  }

  /** Why an order with this purpose may not go out now, or undefined when it may. */
  async refusal(strategyId: string, purpose: OrderPurpose): Promise<string | undefined> {
    // Every state lets the kill switch's own flattening out: no read, so a database hiccup cannot block it.
    if (purpose === 'FLATTEN') return undefined;
    if (this.localHalt !== undefined) return `kill switch engaged: ${this.localHalt}`;
    let record: Awaited<ReturnType<TradingStateReader['effective']>>;
    try {
      record = await this.reader.effective(strategyId);
    } catch (err) {
      return `trading state unreadable, nothing is sent: ${err instanceof Error ? err.message : String(err)}`;
    }
    const refusal = tradingStateRefusal(record.state, purpose);
    return refusal === undefined ? undefined : `${refusal} (${record.actor}: ${record.reason})`;
  }
}
