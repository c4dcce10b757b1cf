import { type RiskIntent } from './risk-intent';

const REMEMBERED_IDS = 10_000;

/**
 * Suppresses an intent seen before (same id: a redelivered message) or the same action of the same
 * strategy on the same instruments within a short window (a strategy or an operator repeating itself).
 */
export class DuplicateGuard {
  private readonly ids = new Set<string>();
  private readonly lastByKey = new Map<string, number>();

  constructor(private readonly windowMs: number) {}

  /** Why this intent is a duplicate, or undefined. */
  check(intent: RiskIntent): string | undefined {
    if (this.ids.has(intent.intentId)) return `intent ${intent.intentId} was already decided`;
    const last = this.lastByKey.get(keyOf(intent));
    if (last !== undefined && intent.at - last < this.windowMs) {
      return `${intent.action} on ${intent.legs.map((leg) => leg.instrument).join('+')} repeated within ${this.windowMs / 1000} s`;
    }
    return undefined;
  }

  /** Remembers an intent that was let through. */
  remember(intent: RiskIntent): void {
    if (this.ids.size >= REMEMBERED_IDS) this.ids.delete(this.ids.values().next().value as string);
    this.ids.add(intent.intentId);
    this.lastByKey.set(keyOf(intent), intent.at);
  }
}

function keyOf(intent: RiskIntent): string {
  const instruments = intent.legs.map((leg) => `${leg.side}:${leg.instrument}`).sort();
  return `${intent.strategyId}|${intent.action}|${instruments.join(',')}`;
}
