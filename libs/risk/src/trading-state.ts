/**
 * Who may trade, as NautilusTrader's `TradingState`: ACTIVE sends anything; REDUCING sends only orders
 * that reduce exposure (exits, flattening) — the daily loss limit puts an account here; HALTED sends
 * nothing new except cancels and the kill switch's own flattening orders.
 */
export const TRADING_STATES = ['ACTIVE', 'REDUCING', 'HALTED'] as const;
export type TradingState = (typeof TRADING_STATES)[number];

/** What an order is for, as far as the trading state cares. */
export type OrderPurpose = 'ENTER' | 'EXIT' | 'FLATTEN';

/** A state with who put the account in it and why (the persisted row, without storage details). */
export interface TradingStateRecord {
  readonly state: TradingState;
  readonly actor: string;
  readonly reason: string;
  /** Epoch ms. */
  readonly at: number;
}

export const INITIAL_TRADING_STATE: TradingStateRecord = Object.freeze({
  state: 'ACTIVE',
  actor: 'system',
  reason: 'initial state',
  at: 0,
});

/** Why an order with this purpose may not go out in `state`, or undefined when it may. */
export function tradingStateRefusal(state: TradingState, purpose: OrderPurpose): string | undefined {
  if (state === 'HALTED' && purpose !== 'FLATTEN')
    return 'trading is HALTED (kill switch): only cancels and flattening';
  if (state === 'REDUCING' && purpose === 'ENTER') return 'trading is REDUCING: exits only';
  return undefined;
}
