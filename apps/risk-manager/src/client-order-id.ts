import { createHash } from 'node:crypto';

/**
 * The clientOrderId of one leg of an approved intent: the same intent and leg always give the same id, so
 * a redelivered intent or a restarted risk manager can never make execution send a second order (its
 * orders are unique on this id). 20 hex characters: Kite's order tag limit, and [A-Za-z0-9] for every broker.
 */
export function clientOrderIdFor(intentId: string, legIndex: number): string {
  return createHash('sha256').update(`${intentId}#${legIndex}`).digest('hex').slice(0, 20);
}

/** A deterministic intent id for an exit the risk manager itself decides (square-off, daily-loss flatten). */
export function ownExitIntentId(kind: string, tradeId: string, attempt: number): string {
  return `${kind}-${createHash('sha256').update(`${tradeId}#${attempt}`).digest('hex').slice(0, 24)}`;
}
