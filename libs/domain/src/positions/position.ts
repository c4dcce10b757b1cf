import { DomainError } from '../errors/domain-error';
import { Decimal, ZERO } from '../money/decimal';
import { type OrderSide } from '../orders/order-terms';

/**
 * Net holding in one instrument. P&L here is gross (before charges; see `chargesForFill`).
 *
 * We keep the signed cost of the open quantity (`openCost`: long positive, short negative) rather than
 * only an average price. Then `realizedPnl − openCost` equals the cumulative cash flow exactly, however a
 * partial close's share of the cost is rounded, so realized + unrealized always equals the cash-flow P&L
 * to the last digit. The average price is derived for display.
 */
export interface Position {
  /** Signed: positive long, negative short, zero flat. */
  readonly netQuantity: Decimal;
  /** Signed cost of the open quantity at its entry prices. Zero when flat. */
  readonly openCost: Decimal;
  readonly realizedPnl: Decimal;
}

export interface PositionFill {
  readonly side: OrderSide;
  readonly quantity: Decimal;
  readonly price: Decimal;
}

const COST_DP = 12;

export const FLAT_POSITION: Position = { netQuantity: ZERO, openCost: ZERO, realizedPnl: ZERO };

/** Average entry price of the open quantity; null when flat. */
export function averagePrice(position: Position): Decimal | null {
  return position.netQuantity.isZero() ? null : position.openCost.div(position.netQuantity);
}

/**
 * The position after a fill. Adding to a position raises its cost; reducing realizes P&L on the closed
 * part against its average cost; a fill that crosses zero closes everything at that price and opens the
 * remainder fresh at the fill price.
 */
export function applyFillToPosition(position: Position, fill: PositionFill): Position {
  if (fill.quantity.lte(0) || fill.price.lt(0)) {
    throw new DomainError(
      'INVALID_FILL',
      'a position fill needs a positive quantity and a non-negative price',
      {
        quantity: fill.quantity.toString(),
        price: fill.price.toString(),
      },
    );
  }
  const signed = fill.side === 'BUY' ? fill.quantity : fill.quantity.neg();
  const net = position.netQuantity;

  const opening = net.isZero() || net.isPositive() === signed.isPositive();
  if (opening) {
    return {
      netQuantity: net.plus(signed),
      openCost: position.openCost.plus(signed.mul(fill.price)),
      realizedPnl: position.realizedPnl,
    };
  }

  // Reducing, closing or flipping: close up to the open quantity first.
  const closing = fill.quantity.lte(net.abs()) ? fill.quantity : net.abs();
  const closingSigned = fill.side === 'BUY' ? closing : closing.neg();
  // A partial close releases its pro-rata share of cost, cut to COST_DP places so that every later sum is
  // exact within Decimal's precision (only the split between realized and unrealized sees the cut).
  const costReleased = closing.eq(net.abs())
    ? position.openCost
    : position.openCost.mul(closing).div(net.abs()).toDecimalPlaces(COST_DP, Decimal.ROUND_HALF_EVEN);
  // Cash from the closing part is −closingSigned × price; P&L is that cash minus the cost it releases.
  const realized = position.realizedPnl.plus(closingSigned.neg().mul(fill.price)).minus(costReleased);
  const afterClose: Position = {
    netQuantity: net.plus(closingSigned),
    openCost: position.openCost.minus(costReleased),
    realizedPnl: realized,
  };

  const remainder = fill.quantity.minus(closing);
  return remainder.isZero()
    ? afterClose
    : applyFillToPosition(afterClose, { side: fill.side, quantity: remainder, price: fill.price });
}

export interface PositionValuation {
  readonly netQuantity: Decimal;
  readonly averagePrice: Decimal | null;
  readonly mark: Decimal;
  readonly realizedPnl: Decimal;
  readonly unrealizedPnl: Decimal;
  readonly totalPnl: Decimal;
}

/** Unrealized P&L of the open quantity at `mark`: what closing it all at that price would realize. */
export function unrealizedPnl(position: Position, mark: Decimal): Decimal {
  return position.netQuantity.mul(mark).minus(position.openCost);
}

export function markToMarket(position: Position, mark: Decimal): PositionValuation {
  const unrealized = unrealizedPnl(position, mark);
  return {
    netQuantity: position.netQuantity,
    averagePrice: averagePrice(position),
    mark,
    realizedPnl: position.realizedPnl,
    unrealizedPnl: unrealized,
    totalPnl: position.realizedPnl.plus(unrealized),
  };
}
