import { DomainError } from '../errors/domain-error';
import { Decimal } from './decimal';

/**
 * How to land a price on the tick grid.
 * - `HALF_EVEN` (the default): nearest tick, exact halves to the even tick. Unbiased, so simulated fills
 *   and marks rounded many times do not drift up.
 * - `DOWN` / `UP`: towards the lower / higher tick, for a buyer or seller who must never cross the
 *   intended price (see `roundToTickPassive`).
 */
export type TickRounding = 'HALF_EVEN' | 'DOWN' | 'UP';

const MODES: Record<TickRounding, Decimal.Rounding> = {
  HALF_EVEN: Decimal.ROUND_HALF_EVEN,
  DOWN: Decimal.ROUND_FLOOR,
  UP: Decimal.ROUND_CEIL,
};

function assertTick(tick: Decimal): void {
  if (!tick.isFinite() || tick.lte(0)) {
    throw new DomainError('INVALID_TICK_SIZE', `tick size must be positive, got ${tick.toString()}`);
  }
}

export function roundToTick(price: Decimal, tick: Decimal, mode: TickRounding = 'HALF_EVEN'): Decimal {
  assertTick(tick);
  return price.div(tick).toDecimalPlaces(0, MODES[mode]).mul(tick);
}

/** A limit price that never pays more (BUY) or receives less (SELL) than asked: buyers round down, sellers up. */
export function roundToTickPassive(price: Decimal, tick: Decimal, side: 'BUY' | 'SELL'): Decimal {
  return roundToTick(price, tick, side === 'BUY' ? 'DOWN' : 'UP');
}

export function isOnTickGrid(price: Decimal, tick: Decimal): boolean {
  assertTick(tick);
  return price.mod(tick).isZero();
}
