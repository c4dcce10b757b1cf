/**
 * An unacknowledged reconciliation mismatch refuses new entries (exits may still reduce risk). The kill
 * switch is not here: it is the persisted trading state, asked through TradingStateGate.
 */
export class TradingGuard {
  private mismatch: string | undefined;

  blockEntries(reason: string): void {
    this.mismatch = reason;
  }

  acknowledgeMismatch(): void {
    this.mismatch = undefined;
  }

  get entriesBlocked(): boolean {
    return this.mismatch !== undefined;
  }

  /** Why a request with this action must be refused, or undefined when it may go out. */
  refusal(action: 'ENTER' | 'EXIT'): string | undefined {
    if (action === 'ENTER' && this.mismatch !== undefined) return `entries blocked: ${this.mismatch}`;
    return undefined;
  }
}
