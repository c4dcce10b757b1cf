import { type Decimal } from '@dalal/domain';

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

export function isTradingState(value: unknown): value is TradingState {
  return typeof value === 'string' && (TRADING_STATES as readonly string[]).includes(value);
}

/** Why an order with this purpose may not go out in `state`, or undefined when it may. */
export function tradingStateRefusal(state: TradingState, purpose: OrderPurpose): string | undefined {
  if (state === 'HALTED' && purpose !== 'FLATTEN')
    return 'trading is HALTED (kill switch): only cancels and flattening';
  if (state === 'REDUCING' && purpose === 'ENTER') return 'trading is REDUCING: exits only';
  return undefined;
}

const STRICTNESS: Record<TradingState, number> = { ACTIVE: 0, REDUCING: 1, HALTED: 2 };

/**
 * The state in force when several scopes apply (the account and a strategy): the strictest wins, so a
 * strategy cannot trade its way out of an account-wide halt, and a halted strategy stays halted on an
 * ACTIVE account.
 */
export function strictestTradingState(...states: readonly TradingState[]): TradingState {
  return states.reduce<TradingState>((a, b) => (STRICTNESS[b] > STRICTNESS[a] ? b : a), 'ACTIVE');
}

/**
 * Why moving from `from` to `to` is not allowed, or undefined. Only an explicit re-arm leaves HALTED:
 * an automatic writer (the risk manager's daily loss rule putting the account in REDUCING, a new day's
 * reset) must never quietly lift a kill switch just because its row is newer. A re-arm never halts.
 */
export function tradingStateChangeRefusal(
  from: TradingState,
  to: TradingState,
  how: { readonly rearm: boolean },
): string | undefined {
  if (how.rearm && to === 'HALTED') return 'a re-arm cannot set HALTED; engage the kill switch instead';
  if (how.rearm && from === 'ACTIVE') return 'trading is already ACTIVE: nothing to re-arm';
  if (from === 'HALTED' && to !== 'HALTED' && !how.rearm)
    return `trading is HALTED (kill switch): only an explicit re-arm may change it to ${to}`;
  return undefined;
}

/** A position at re-arm time (net quantity, signed: negative is short; fractional for crypto). */
export interface OpenPositionView {
  readonly instrument: string;
  readonly quantity: Decimal;
}

/**
 * Why a re-arm is refused, or undefined. While HALTED nothing can open a position, so any position still
 * open is one from before the kill that the flattening did not close (rejected, unfilled, broker down):
 * re-arming would let strategies trade on top of it. `force` is the operator saying they know.
 */
export function rearmRefusal(input: {
  readonly state: TradingState;
  readonly openPositions: readonly OpenPositionView[];
  readonly force: boolean;
}): string | undefined {
  if (input.state === 'ACTIVE') return 'trading is already ACTIVE: nothing to re-arm';
  const open = input.openPositions.filter((p) => !p.quantity.isZero());
  if (open.length === 0 || input.force) return undefined;
  const listed = open
    .map((p) => `${p.instrument} ${p.quantity.isPositive() ? '+' : ''}${p.quantity.toString()}`)
    .join(', ');
  return `${open.length} position(s) from before the kill switch are still open (${listed}): flatten them or re-arm with force`;
}
