/**
 * The switches that stop trading: the kill switch refuses every new request until re-armed; an
 * unacknowledged reconciliation mismatch refuses new entries (exits may still reduce risk).
 */
export class TradingGuard {
  private killedBecause: string | undefined;
  private mismatch: string | undefined;

  engageKillSwitch(reason: string): void {
    this.killedBecause = reason;
  }

  rearm(): void {
    this.killedBecause = undefined;
  }

  get killed(): boolean {
    return this.killedBecause !== undefined;
  }

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
    if (this.killedBecause !== undefined) return `kill switch engaged: ${this.killedBecause}`;
    if (action === 'ENTER' && this.mismatch !== undefined) return `entries blocked: ${this.mismatch}`;
    return undefined;
  }
}
